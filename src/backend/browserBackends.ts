/**
 * tfjs backends in the browser worker: webgl, wasm (single-threaded, its .wasm files
 * loaded through Vite ?url imports) and cpu. Setting a backend is guarded by a timeout,
 * since tfjs may hang or silently fall back.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

setWasmPaths(
  {
    'tfjs-backend-wasm.wasm': wasmPlain,
    'tfjs-backend-wasm-simd.wasm': wasmSimd,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
  },
  true,
);
// Stay single-threaded: the threaded build hangs under the default minifier.
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
tf.env().set('PROD', true);

export const BROWSER_BACKENDS = ['webgl', 'wasm', 'cpu'] as const;

/** Switch to `name`; false if it is unavailable, fails, or takes longer than `timeoutMs`. */
export async function trySetBackend(name: string, timeoutMs = 15_000): Promise<boolean> {
  const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs));
  try {
    const ok = await Promise.race([tf.setBackend(name), timeout]);
    if (!ok) return false;
    await tf.ready();
    return tf.getBackend() === name;
  } catch {
    return false;
  }
}

/** Float precision of the active backend in bits. */
export function backendPrecision(): number {
  if (tf.getBackend() !== 'webgl') return 32;
  return tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED') ? 32 : 16;
}
