/**
 * Where the camera scanner (renderer/features/camera, another engineer's feature) plugs into
 * the scanning screens; its scans go through routeScan like every other source.
 */
export function CameraSlot() {
  return null;
}
