// Loaded only with the camera (CameraScanner.tsx is itself lazy): zxing-wasm never reaches the
// initial bundle. The wasm binary is bundled (and precached by the service worker), not fetched
// from a CDN, so the camera works offline.
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';

/** Decodes one frame; null when no code is visible. */
export type FrameDecoder = (frame: ImageData, canvas: HTMLCanvasElement) => Promise<string | null>;

/** Formats a warehouse meets: product EAN/UPC, shipping labels (Code 128, DataMatrix, QR). */
const FORMATS = ['EAN-13', 'EAN-8', 'UPC-A', 'UPC-E', 'Code128', 'Code39', 'QRCode', 'DataMatrix', 'ITF'] as const;
const NATIVE_FORMATS = ['ean_13', 'ean_8', 'upc_a', 'upc_e', 'code_128', 'code_39', 'qr_code', 'data_matrix', 'itf'];

interface NativeDetector {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>;
}
type NativeDetectorClass = {
  new (options: { formats: string[] }): NativeDetector;
  getSupportedFormats(): Promise<string[]>;
};

/** BarcodeDetector when the platform has it (Android Chrome); zxing-wasm otherwise (Linux, iOS, desktop). */
export async function createFrameDecoder(): Promise<{ decode: FrameDecoder; engine: 'native' | 'zxing' }> {
  const Native = (globalThis as { BarcodeDetector?: NativeDetectorClass }).BarcodeDetector;
  if (Native) {
    try {
      const supported = await Native.getSupportedFormats();
      const formats = NATIVE_FORMATS.filter((f) => supported.includes(f));
      if (formats.length) {
        const detector = new Native({ formats });
        return { engine: 'native', decode: async (_frame, canvas) => (await detector.detect(canvas))[0]?.rawValue ?? null };
      }
    } catch {
      // fall back to zxing
    }
  }
  const zxing = await import('zxing-wasm/reader');
  // Load the wasm now: a failure (offline before first use, say) rejects here, where the camera
  // shows it, instead of as an unhandled rejection and a decoder that never decodes.
  await zxing.prepareZXingModule({
    overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? wasmUrl : prefix + path) },
    fireImmediately: true,
  });
  return {
    engine: 'zxing',
    decode: async (frame) => {
      const results = await zxing.readBarcodes(frame, { formats: [...FORMATS], tryHarder: true, maxNumberOfSymbols: 1 });
      return results.find((r) => r.isValid && r.text)?.text ?? null;
    },
  };
}
