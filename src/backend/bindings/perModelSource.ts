/**
 * A live source chosen per model: each call asks for the source of its model (with that model's binding
 * applied) and forwards to it, so query handlers keep calling one source whatever each model's binding says.
 */
import { badRequest } from '../errors';
import type { LiveSource, ModelRef } from '../sources/types';

export function perModelSource(kind: LiveSource['kind'], sourceOf: (model: ModelRef) => Promise<LiveSource>): LiveSource {
  return {
    kind,
    featureWindows: async (model, ...rest) => (await sourceOf(model)).featureWindows(model, ...rest),
    featureTotals: async (model, ...rest) => (await sourceOf(model)).featureTotals(model, ...rest),
    confusion: async (model, ...rest) => (await sourceOf(model)).confusion(model, ...rest),
    confusionWindows: async (model, ...rest) => (await sourceOf(model)).confusionWindows(model, ...rest),
    classScores: async (model, ...rest) => {
      const source = await sourceOf(model);
      if (!source.classScores) {
        throw badRequest(`the ${kind} source cannot read scores by actual class`);
      }
      return source.classScores(model, ...rest);
    },
    predictionStats: async (model, ...rest) => {
      const source = await sourceOf(model);
      if (!source.predictionStats) {
        throw badRequest(`the ${kind} source keeps no prediction values`);
      }
      return source.predictionStats(model, ...rest);
    },
    errorSums: async (model, ...rest) => {
      const source = await sourceOf(model);
      if (!source.errorSums) {
        throw badRequest(`the ${kind} source cannot read regression errors`);
      }
      return source.errorSums(model, ...rest);
    },
    segmentTraffic: async (model, ...rest) => {
      const source = await sourceOf(model);
      if (!source.segmentTraffic) {
        throw badRequest(`segmentBy: the ${kind} source cannot split a query by segment`);
      }
      return source.segmentTraffic(model, ...rest);
    },
  };
}
