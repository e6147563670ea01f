/**
 * Scan parsing shared by main (node-hid) and the renderer (keyboard wedge, camera). Pure TypeScript.
 * Import it as `shared/scan/index`: a bare `shared/scan` resolves to the ScanEvent contract file shared/scan.ts.
 */
export { isAimId, splitAimPrefix, symbologyForAim, symbologyForVendorCodeId } from './aim';
export { bytesToScanText, MAX_SCAN_BYTES } from './bytes';
export {
  encodeHidPosReports,
  HidPosReassembler,
  parseHidPosReport,
  type AimMode,
  type HidPosDiscard,
  type HidPosLayout,
  type HidPosOptions,
  type HidPosPushResult,
  type HidPosReassemblerOptions,
  type HidPosReport,
  type HidPosScan,
  type ReportIdMode,
} from './hidPos';
export {
  BootKeyboardDecoder,
  KeyboardScanAssembler,
  type BootKeyboardOptions,
  type BootReportResult,
  type KeyboardScanOptions,
  type KeyboardScanResult,
  type KeyPress,
} from './bootKeyboard';
export { ScanEchoFilter } from './echoFilter';
export { WEDGE_PRESETS, WedgeDetector, wedgeKeyFromEvent, type WedgeOptions, type WedgeResult } from './wedge';
export { DEFAULT_PACE, hasScanPace, isPersonRun, isScanRun, type PaceRules } from './wedgePace';
