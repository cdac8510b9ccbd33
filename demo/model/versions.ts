/**
 * The model versions the demo serves: `v1` in production and a `v2` challenger with a lower decision threshold,
 * so the dashboards have more than one version in service and two prediction distributions to compare.
 */
import { trainingRows } from '../data/dataset';
import { ChurnClassifier, type TrainingOptions } from './classifier';

export interface ModelVersionSpec {
  version: string;
  training: TrainingOptions;
  /** Share of the traffic routed to this version. */
  trafficShare: number;
}

export const MODEL_VERSIONS: readonly ModelVersionSpec[] = [
  { version: 'v1', training: { steps: 250, learningRate: 0.5, l2: 0.001, decisionThreshold: 0.5 }, trafficShare: 0.8 },
  { version: 'v2', training: { steps: 250, learningRate: 0.5, l2: 0.01, decisionThreshold: 0.4 }, trafficShare: 0.2 },
];

export function trainAllVersions(): Map<string, ChurnClassifier> {
  const rows = trainingRows();
  return new Map(MODEL_VERSIONS.map((spec) => [spec.version, ChurnClassifier.train(rows, spec.training)]));
}
