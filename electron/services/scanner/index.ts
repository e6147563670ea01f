export { ScannerService, type ScannerServiceOptions, type ScannerServiceStatus, type ScanProblem } from './scannerService';
export { listScanners, parseScannerId, scannerId, scannerMode, toScannerRef, type HidScannerInfo, type HidScannerMode, type ScannerRef } from './devices';
export { hidUnavailableMessage, loadNodeHid, type HidBackend, type HidDeviceHandle, type HidDeviceInfo, type HidLoader } from './hidBackend';
export { createScannerPort, type ScannerPortLike } from './port';
export { FakeHid } from './fakeHid';
