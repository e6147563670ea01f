/**
 * The till camera as a scanner: pick a camera, see the preview with a target box, and every
 * code read comes out through `onScan` as a ScanEvent with source 'camera' (the same pipeline as
 * the USB scanners). Decoding is throttled (one frame at a time, every `intervalMs`) so the UI
 * stays smooth; the same code in view is reported once per `dedupeWindowMs`.
 */
import { useCallback, useEffect, useRef, useState, type CSSProperties, type RefObject } from 'react';
import type { ScanEvent } from '../../../shared/scan';
import { DEFAULT_CAMERA_SYMBOLOGIES, type CameraSymbology } from '../../../shared/scan/symbologies';
import { beep as playBeep } from './beep';
import type { FrameDecoder, RgbaFrame } from './decoders';
import { startDecodeLoop } from './scanLoop';
import { ZXING_WASM_URL } from './wasmAsset';
import { useT } from '../../i18n';

export interface CameraScannerProps {
  onScan: (scan: ScanEvent) => void;
  /** The camera to use (MediaDeviceInfo.deviceId); default: the back/first camera. */
  deviceId?: string | null;
  /** Told when the cashier picks another camera, to remember it in settings. */
  onDeviceChange?: (deviceId: string) => void;
  /** Same code ignored for this long after it was last in view. Default 2000 ms. */
  dedupeWindowMs?: number;
  /** Milliseconds between decoded frames. Default 120. */
  intervalMs?: number;
  /** Beep on every read. Default true. */
  beep?: boolean;
  /** The barcode kinds to read (Settings -> Scanner); nothing else in view is ever reported. Default QR and Code 128. */
  symbologies?: readonly CameraSymbology[];
  className?: string;
}

type CameraState = 'starting' | 'scanning' | 'no-camera' | 'blocked' | 'error';

/** Catalogue keys (renderer/i18n/messages/camera.ts) of what the camera says in each state. */
const MESSAGES: Record<CameraState, string> = {
  starting: 'camera.starting',
  scanning: 'camera.scanning',
  'no-camera': 'camera.noCamera',
  blocked: 'camera.blocked',
  error: 'camera.error',
};

const box: CSSProperties = { position: 'relative', display: 'inline-block', background: '#111', lineHeight: 0, maxWidth: '100%' };
const video: CSSProperties = { width: '100%', maxWidth: 640, aspectRatio: '4 / 3', objectFit: 'cover' };
const target: CSSProperties = {
  position: 'absolute',
  left: '20%',
  top: '15%',
  width: '60%',
  height: '70%',
  border: '3px solid rgba(255,255,255,0.85)',
  borderRadius: 12,
  boxShadow: '0 0 0 100vmax rgba(0,0,0,0.25)',
  pointerEvents: 'none',
};

export function CameraScanner(props: CameraScannerProps) {
  const { onScan, deviceId = null, onDeviceChange, dedupeWindowMs = 2_000, intervalMs = 120, beep = true, className } = props;
  // One key for the list, so a new array with the same kinds does not rebuild the decoder.
  const kinds = (props.symbologies ?? DEFAULT_CAMERA_SYMBOLOGIES).join(',');
  const t = useT();
  const videoRef = useRef<HTMLVideoElement>(null);
  const onScanRef = useRef(onScan);
  onScanRef.current = onScan;
  const [state, setState] = useState<CameraState>('starting');
  const [cameras, setCameras] = useState<MediaDeviceInfo[]>([]);
  const [chosen, setChosen] = useState<string | null>(deviceId);
  const [decoder, setDecoder] = useState<FrameDecoder | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [lastRead, setLastRead] = useState<string | null>(null);

  useEffect(() => setChosen(deviceId), [deviceId]);

  useEffect(() => {
    let cancelled = false;
    // The decoders (ZXing-C++ glue and @zxing/library) load with the camera panel, not the app.
    const symbologies = kinds.split(',') as CameraSymbology[];
    void import('./decoders')
      .then((m) => m.createBestDecoder({ wasmUrl: ZXING_WASM_URL }, (reason) => setNote(`Using the slower decoder: ${reason}`), { symbologies }))
      .then((d) => {
        if (!cancelled) setDecoder(d);
      })
      .catch((error: unknown) => setNote(`No barcode decoder: ${error instanceof Error ? error.message : String(error)}`));
    return () => {
      cancelled = true;
    };
  }, [kinds]);

  // Open the chosen camera; stop its tracks when it changes or the panel goes away.
  useEffect(() => {
    const media = navigator.mediaDevices;
    if (!media?.getUserMedia) return setState('no-camera');
    let stream: MediaStream | null = null;
    let cancelled = false;
    setState('starting');
    const constraints: MediaStreamConstraints = {
      audio: false,
      video: chosen ? { deviceId: { exact: chosen } } : { facingMode: 'environment', width: { ideal: 640 }, height: { ideal: 480 } },
    };
    media
      .getUserMedia(constraints)
      .then(async (s) => {
        if (cancelled) return s.getTracks().forEach((t) => t.stop());
        stream = s;
        const v = videoRef.current;
        if (v) {
          v.srcObject = s;
          await v.play().catch(() => undefined);
        }
        setCameras((await media.enumerateDevices()).filter((d) => d.kind === 'videoinput'));
        setState('scanning');
      })
      .catch((error: unknown) => {
        if (cancelled) return;
        const name = error instanceof DOMException ? error.name : '';
        setState(name === 'NotAllowedError' ? 'blocked' : name === 'NotFoundError' || name === 'OverconstrainedError' ? 'no-camera' : 'error');
      });
    return () => {
      cancelled = true;
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, [chosen]);

  const grab = useFrameGrabber(videoRef);

  useEffect(() => {
    if (!decoder || state !== 'scanning') return;
    return startDecodeLoop({
      decoder,
      grab,
      intervalMs,
      dedupeWindowMs,
      onError: (error) => setNote(error instanceof Error ? error.message : String(error)),
      onCodes: (codes) => {
        for (const code of codes) {
          if (beep) playBeep();
          setLastRead(code.text);
          const event: ScanEvent = { text: code.text, source: 'camera', at: Date.now() };
          if (code.aim && /^\][A-Za-z][0-9A-Za-z]$/.test(code.aim)) event.aim = code.aim;
          if (code.symbology) event.symbology = code.symbology.slice(0, 64);
          onScanRef.current(event);
        }
      },
    });
  }, [decoder, state, grab, intervalMs, dedupeWindowMs, beep]);

  const pick = (id: string) => {
    setChosen(id);
    onDeviceChange?.(id);
  };

  return (
    <section className={className} data-testid="camera-scanner" data-state={state} data-decoder={decoder?.name ?? ''} data-last-read={lastRead ?? ''}>
      <div style={box}>
        <video ref={videoRef} style={video} muted playsInline aria-label={t('camera.preview')} />
        {state === 'scanning' && <div style={target} aria-hidden="true" />}
      </div>
      <p role="status">{t(MESSAGES[state])}</p>
      {cameras.length > 1 && (
        <label>
          {t('camera.camera')}{' '}
          <select value={chosen ?? ''} onChange={(e) => pick(e.target.value)}>
            {!chosen && <option value="">{t('camera.defaultCamera')}</option>}
            {cameras.map((c, i) => (
              <option key={c.deviceId} value={c.deviceId}>
                {c.label || t('camera.numbered', { n: i + 1 })}
              </option>
            ))}
          </select>
        </label>
      )}
      {note && <p>{note}</p>}
    </section>
  );
}

/** Reads the video's current frame through one reused canvas (willReadFrequently: CPU-side pixels). */
function useFrameGrabber(videoRef: RefObject<HTMLVideoElement | null>): () => RgbaFrame | null {
  const canvas = useRef<HTMLCanvasElement | null>(null);
  return useCallback(() => {
    const v = videoRef.current;
    if (!v || v.readyState < 2 || v.videoWidth === 0) return null;
    canvas.current ??= document.createElement('canvas');
    const c = canvas.current;
    if (c.width !== v.videoWidth || c.height !== v.videoHeight) {
      c.width = v.videoWidth;
      c.height = v.videoHeight;
    }
    const ctx = c.getContext('2d', { willReadFrequently: true });
    if (!ctx) return null;
    ctx.drawImage(v, 0, 0);
    return ctx.getImageData(0, 0, c.width, c.height);
  }, [videoRef]);
}
