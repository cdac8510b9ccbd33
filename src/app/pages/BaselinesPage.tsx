import { css } from '@emotion/css';
import { PluginPage } from '@grafana/runtime';
import {
  Alert,
  Button,
  ConfirmModal,
  Drawer,
  EmptyState,
  LoadingPlaceholder,
  Modal,
  Stack,
  useStyles2,
} from '@grafana/ui';
import { useState } from 'react';
import type { BaselineSummary } from '../../shared/resourceModel';
import { liveSourceOf, type DriftDatasourceRef } from '../api';
import { BaselineInspector } from '../components/BaselineInspector';
import { BaselineTable } from '../components/BaselineTable';
import { RetryAlert } from '../components/RetryAlert';
import { BuildBaselineForm } from '../components/BuildBaselineForm';
import { CaptureBaselineForm } from '../components/CaptureBaselineForm';
import { UploadBaselineForm } from '../components/UploadBaselineForm';
import { WithDatasource } from '../components/WithDatasource';
import { useBaselineClient, useBaselineList } from '../hooks';
import { testIds } from '../testIds';
import type { AppSettings } from '../types';

type Dialog = 'build' | 'upload' | 'capture';

const DIALOG_TITLES: Record<Dialog, string> = {
  build: 'Build a baseline from training data',
  upload: 'Upload a baseline JSON',
  capture: 'Capture a baseline from live data',
};

export function BaselinesPage({ settings }: { settings: AppSettings | undefined }) {
  return (
    <PluginPage subTitle="The training distributions that live data is compared with">
      <WithDatasource settings={settings}>{(datasource) => <BaselineManager datasource={datasource} />}</WithDatasource>
    </PluginPage>
  );
}

function BaselineManager({ datasource }: { datasource: DriftDatasourceRef }) {
  const styles = useStyles2(getStyles);
  const client = useBaselineClient(datasource);
  const [baselines, reload] = useBaselineList(datasource);
  const [dialog, setDialog] = useState<Dialog>();
  const [inspecting, setInspecting] = useState<BaselineSummary>();
  const [deleting, setDeleting] = useState<BaselineSummary>();
  const [notice, setNotice] = useState<{ severity: 'success' | 'error'; text: string }>();

  const created = (id: string) => {
    setDialog(undefined);
    setNotice({ severity: 'success', text: `Baseline ${id} saved.` });
    reload();
  };
  const confirmDelete = async () => {
    if (!deleting) {
      return;
    }
    const id = deleting.id;
    setDeleting(undefined);
    try {
      await client.deleteBaseline(id);
      setNotice({ severity: 'success', text: `Baseline ${id} deleted.` });
    } catch (e) {
      setNotice({
        severity: 'error',
        text: `Baseline ${id} was not deleted: ${e instanceof Error ? e.message : String(e)}`,
      });
    }
    reload();
  };

  return (
    <Stack direction="column" gap={2} data-testid={testIds.baselines.container}>
      <Stack gap={1} wrap="wrap">
        <Button icon="upload" onClick={() => setDialog('build')}>
          Build from training data
        </Button>
        <Button icon="file-alt" variant="secondary" onClick={() => setDialog('upload')}>
          Upload baseline JSON
        </Button>
        <Button icon="history" variant="secondary" onClick={() => setDialog('capture')}>
          Capture from live data
        </Button>
      </Stack>
      {notice && (
        <Alert
          className={styles.notice}
          data-testid={testIds.baselines.notice}
          severity={notice.severity}
          title={notice.text}
          onRemove={() => setNotice(undefined)}
        />
      )}
      <BaselineListView
        state={baselines}
        reload={reload}
        onInspect={setInspecting}
        onDelete={setDeleting}
        onAdd={() => setDialog('build')}
      />

      <Modal
        title={dialog ? DIALOG_TITLES[dialog] : ''}
        isOpen={dialog !== undefined}
        onDismiss={() => setDialog(undefined)}
      >
        {dialog === 'build' && (
          <BuildBaselineForm client={client} onCreated={created} onCancel={() => setDialog(undefined)} />
        )}
        {dialog === 'upload' && (
          <UploadBaselineForm client={client} onCreated={created} onCancel={() => setDialog(undefined)} />
        )}
        {dialog === 'capture' && (
          <CaptureBaselineForm
            client={client}
            defaultSource={liveSourceOf(datasource.jsonData)}
            onCreated={created}
            onCancel={() => setDialog(undefined)}
          />
        )}
      </Modal>
      {inspecting && (
        <Drawer
          title={inspecting.id}
          subtitle={`${inspecting.features.length} features`}
          onClose={() => setInspecting(undefined)}
          size="md"
        >
          <BaselineInspector client={client} id={inspecting.id} />
        </Drawer>
      )}
      <ConfirmModal
        isOpen={deleting !== undefined}
        title="Delete baseline"
        body={`Delete ${deleting?.id ?? ''}? Drift queries and alert rules that use it will fail until a baseline with the same model and version is added again.`}
        confirmText="Delete"
        onConfirm={confirmDelete}
        onDismiss={() => setDeleting(undefined)}
      />
    </Stack>
  );
}

interface ListViewProps {
  state: ReturnType<typeof useBaselineList>[0];
  reload: () => void;
  onInspect: (baseline: BaselineSummary) => void;
  onDelete: (baseline: BaselineSummary) => void;
  onAdd: () => void;
}

function BaselineListView({ state, reload, onInspect, onDelete, onAdd }: ListViewProps) {
  if (state.status === 'loading') {
    return <LoadingPlaceholder text="Loading baselines…" />;
  }
  if (state.status === 'error') {
    return (
      <RetryAlert
        testId={testIds.baselines.error}
        title="Could not list the baselines"
        error={state.error}
        onRetry={reload}
      />
    );
  }
  if (state.value.length === 0) {
    return (
      <div data-testid={testIds.baselines.empty}>
        <EmptyState
          variant="call-to-action"
          message="No baselines yet"
          button={
            <Button icon="upload" onClick={onAdd}>
              Build from training data
            </Button>
          }
        >
          Build one from the data the model was trained on, upload one made with <code>mldrift baseline build</code>, or
          capture one from a period of live traffic you trust.
        </EmptyState>
      </div>
    );
  }
  return <BaselineTable baselines={state.value} onInspect={onInspect} onDelete={onDelete} />;
}

const getStyles = () => ({
  // The stack already spaces its items; the alert's own bottom margin would double the gap.
  notice: css({ marginBottom: 0 }),
});
