// THE contract: every request, event and stream either carrier serves. Both carriers call the
// same dispatcher; a test asserts that each serves exactly these names.
import { z } from 'zod';
import { event, request, stream } from './define';
import {
  CdEjectInput,
  CdInsertInput,
  CfgFileRef,
  CfgRestoreInput,
  CfgWriteInput,
  GuestOpRef,
  GuestRef,
  HostAddInput,
  HostOnly,
  HostUpdateInput,
  MemSetInput,
  RenameInput,
  RestoreInput,
  SavedImagesInput,
  SaveInput,
  TrustKeyInput,
  VcpuPinInput,
  VcpuSetInput,
  type HostInfoView,
  type MetricsView,
  type RestoreResult,
  type SavedImagesView,
  type SavedImageView,
  type VcpuView,
  type CfgFileText,
  type CfgFileView,
  type CfgHistoryView,
  type CfgWriteResult,
  type ConnectionChanged,
  type ConnectionState,
  type HostAddResult,
  type HostKeyPrompted,
  type HostView,
  type InventoryChanged,
  type InventoryView,
  type SshConfigDrafts,
} from './hosts-types';

export interface AppInfo {
  name: string;
  version: string;
  platform: string;
  carrier: 'electron' | 'web';
}

export interface EchoResult {
  text: string;
  receivedAt: string;
}

export interface TickInfo {
  n: number;
  at: string;
}

export const contract = {
  requests: {
    'app.info': request<AppInfo>()(z.object({}).strict()),
    'diagnostics.echo': request<EchoResult>()(z.object({ text: z.string().max(65_536) }).strict()),
    'hosts.list': request<HostView[]>()(z.object({}).strict()),
    'hosts.add': request<HostAddResult>()(HostAddInput),
    'hosts.remove': request<{ removed: boolean }>()(HostOnly),
    'hosts.update': request<HostAddResult>()(HostUpdateInput),
    'hosts.importSshConfig': request<SshConfigDrafts>()(z.object({ text: z.string().max(256 * 1024) }).strict()),
    'hosts.connect': request<{ host: string; state: ConnectionState }>()(HostOnly),
    'hosts.trustKey': request<{ answered: boolean }>()(TrustKeyInput),
    'inventory.get': request<InventoryView>()(HostOnly),
    'domains.start': request<{ ok: true }>()(GuestRef),
    'domains.shutdown': request<{ ok: true }>()(GuestRef),
    'domains.reboot': request<{ ok: true }>()(GuestRef),
    'domains.destroy': request<{ ok: true }>()(GuestRef),
    'domains.pause': request<{ ok: true }>()(GuestRef),
    'domains.unpause': request<{ ok: true }>()(GuestRef),
    // Guest operations (issue 5 §5): guest-ops*.ts over HostsService.guestOp.
    'domains.memSet': request<{ ok: true }>()(MemSetInput),
    'domains.vcpuSet': request<{ ok: true }>()(VcpuSetInput),
    'domains.vcpuPin': request<{ ok: true }>()(VcpuPinInput),
    'domains.cdInsert': request<{ ok: true }>()(CdInsertInput),
    'domains.cdEject': request<{ ok: true }>()(CdEjectInput),
    'domains.rename': request<{ ok: true }>()(RenameInput),
    'domains.save': request<SavedImageView>()(SaveInput),
    'domains.restore': request<RestoreResult>()(RestoreInput),
    'domains.savedImages': request<SavedImagesView>()(SavedImagesInput),
    'domains.vcpus': request<VcpuView[]>()(GuestOpRef),
    'hosts.info': request<HostInfoView>()(HostOnly),
    'metrics.get': request<MetricsView>()(HostOnly),
    'cfgFiles.list': request<CfgFileView[]>()(HostOnly),
    'cfgFiles.read': request<CfgFileText>()(CfgFileRef),
    'cfgFiles.write': request<CfgWriteResult>()(CfgWriteInput),
    'cfgFiles.history': request<CfgHistoryView[]>()(CfgFileRef),
    'cfgFiles.restore': request<CfgWriteResult>()(CfgRestoreInput),
  },
  events: {
    'diagnostics.ticks': event<TickInfo>(),
    'hosts.connectionChanged': event<ConnectionChanged>(),
    'hosts.hostKeyPrompted': event<HostKeyPrompted>(),
    'inventory.changed': event<InventoryChanged>(),
  },
  streams: {
    'diagnostics.loopback': stream(z.object({}).strict()),
  },
} as const;

export type Contract = typeof contract;
export type RequestName = keyof Contract['requests'];
export type EventName = keyof Contract['events'];
export type StreamName = keyof Contract['streams'];

export type RequestInput<N extends RequestName> = z.input<Contract['requests'][N]['input']>;
export type RequestOutput<N extends RequestName> = NonNullable<Contract['requests'][N]['_output']>;
export type EventPayload<N extends EventName> = NonNullable<Contract['events'][N]['_payload']>;
export type StreamArgs<N extends StreamName> = z.input<Contract['streams'][N]['args']>;

export const REQUEST_NAMES = Object.keys(contract.requests) as RequestName[];
export const EVENT_NAMES = Object.keys(contract.events) as EventName[];
export const STREAM_NAMES = Object.keys(contract.streams) as StreamName[];
