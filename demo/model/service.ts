/** Assembles the demo model service from its baselines and environment; `main.ts` runs it. */
import type { CategoricalBaselineFeature } from '../../src/drift/types';
import { MODEL_NAME } from '../data/dataset';
import { DEFAULT_BASELINE_DIRECTORY, loadBaseline, numericEdges } from './baselines';
import { ElasticsearchSink } from './elasticsearchSink';
import { ModelInstrumentation } from './instrumentation';
import { OutputModelService, spendModel, upsellModel } from './outputModels';
import { ModelServer } from './server';
import { MODEL_VERSIONS, trainAllVersions } from './versions';

export interface ServiceConfig {
  baselineDirectory: string;
  elasticsearchUrl?: string;
  elasticsearchIndex: string;
  inferenceDelayMs: number;
  log?: (line: string) => void;
}

export function configFromEnvironment(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  return {
    baselineDirectory: env.BASELINE_DIR || DEFAULT_BASELINE_DIRECTORY,
    elasticsearchUrl: env.ES_URL || undefined,
    elasticsearchIndex: env.ES_INDEX || 'ml-predictions',
    inferenceDelayMs: Number(env.INFERENCE_DELAY_MS ?? 8),
  };
}

export async function createModelServer(config: ServiceConfig): Promise<ModelServer> {
  const log = config.log ?? ((line: string) => console.log(line));
  const baselines = MODEL_VERSIONS.map((spec) => loadBaseline(config.baselineDirectory, MODEL_NAME, spec.version));
  const instrumentation = new ModelInstrumentation(
    MODEL_NAME,
    baselines.map((baseline) => ({
      version: baseline.version,
      edges: numericEdges(baseline),
      knownCategories: new Map(
        baseline.features
          .filter((f): f is CategoricalBaselineFeature => f.kind === 'categorical')
          .map((f) => [f.name, new Set(f.distribution.categories)])
      ),
    }))
  );
  let sink: ElasticsearchSink | undefined;
  if (config.elasticsearchUrl) {
    sink = new ElasticsearchSink({
      url: config.elasticsearchUrl.replace(/\/+$/, ''),
      index: config.elasticsearchIndex,
      onDrop: (count, reason) => {
        instrumentation.logsDropped.inc({ sink: 'elasticsearch' }, count);
        log(`elasticsearch: dropped ${count} prediction log(s): ${reason}`);
      },
    });
    await sink.start();
  }
  const classifiers = trainAllVersions();
  return new ModelServer({
    model: MODEL_NAME,
    versions: MODEL_VERSIONS.map((spec) => ({
      version: spec.version,
      classifier: classifiers.get(spec.version)!,
      trafficShare: spec.trafficShare,
    })),
    instrumentation,
    sink,
    inferenceDelayMs: config.inferenceDelayMs,
    log,
    outputModels: [
      new OutputModelService(upsellModel(instrumentation.registry)),
      new OutputModelService(spendModel(instrumentation.registry)),
    ],
  });
}
