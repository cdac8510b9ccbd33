export { encodeFrame, toEpochNanos } from './arrow';
export { field, frameLength } from './frame';
export type { Frame, FrameField, FieldType, FieldValueTypes, FrameMeta, FrameNotice } from './frame';
