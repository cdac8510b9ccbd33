// The bundler embeds each `.proto` as a string (esbuild `loader: { '.proto': 'text' }`), so the single
// executable needs no files beside it.
import controller from './protos/controller.proto';
import health from './protos/health.proto';
import pluginv2 from './protos/pluginv2.proto';

export const PROTO_TEXTS: readonly string[] = [pluginv2, controller, health];
