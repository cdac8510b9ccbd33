/**
 * Loads our protocol description (the `.proto` texts in `protos/`, embedded as strings in the single
 * executable) into grpc-js service definitions. Options match what the handlers expect: field names as
 * written, int64 as JS numbers (epoch ms stays below 2^53), enums as names, bytes as Buffers.
 */
import * as grpc from '@grpc/grpc-js';
import { fromJSON } from '@grpc/proto-loader';
import { Root, parse } from 'protobufjs';

export const LOADER_OPTIONS = { keepCase: true, longs: Number, enums: String, defaults: true, oneofs: true } as const;

export interface ProtocolServices {
  data: grpc.ServiceDefinition;
  diagnostics: grpc.ServiceDefinition;
  resource: grpc.ServiceDefinition;
  controller: grpc.ServiceDefinition;
  health: grpc.ServiceDefinition;
}

export type ServiceName = keyof ProtocolServices;

/** Fully qualified names, which are the gRPC method paths' prefixes. */
export const SERVICE_PATHS: Record<ServiceName, string> = {
  data: 'pluginv2.Data',
  diagnostics: 'pluginv2.Diagnostics',
  resource: 'pluginv2.Resource',
  controller: 'plugin.GRPCController',
  health: 'grpc.health.v1.Health',
};

export function loadProtocol(protoTexts: readonly string[]): grpc.GrpcObject {
  const root = new Root();
  for (const text of protoTexts) {
    parse(text, root, { keepCase: true });
  }
  return grpc.loadPackageDefinition(fromJSON(root.toJSON(), LOADER_OPTIONS));
}

function lookup(tree: grpc.GrpcObject, qualifiedName: string): grpc.ServiceClientConstructor {
  let node: unknown = tree;
  for (const part of qualifiedName.split('.')) {
    node = (node as Record<string, unknown> | undefined)?.[part];
  }
  if (typeof node !== 'function' || !('service' in node)) {
    throw new Error(`service ${qualifiedName} is missing from the protocol description`);
  }
  return node as grpc.ServiceClientConstructor;
}

/** Client constructors per service (used by the test harness to play Grafana). */
export function serviceClients(tree: grpc.GrpcObject): Record<ServiceName, grpc.ServiceClientConstructor> {
  const entries = (Object.keys(SERVICE_PATHS) as ServiceName[]).map((name) => [name, lookup(tree, SERVICE_PATHS[name])]);
  return Object.fromEntries(entries) as Record<ServiceName, grpc.ServiceClientConstructor>;
}

export function serviceDefinitions(tree: grpc.GrpcObject): ProtocolServices {
  const clients = serviceClients(tree);
  const entries = (Object.keys(clients) as ServiceName[]).map((name) => [name, clients[name].service]);
  return Object.fromEntries(entries) as ProtocolServices;
}
