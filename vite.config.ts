import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** Vite config: the React app, a module worker, and the tfjs packages pre-bundled. */
export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  optimizeDeps: {
    include: [
      '@tensorflow/tfjs-core',
      '@tensorflow/tfjs-backend-cpu',
      '@tensorflow/tfjs-backend-webgl',
      '@tensorflow/tfjs-backend-wasm',
    ],
  },
  server: { port: 5173, host: '127.0.0.1' },
  preview: { port: 4173, host: '127.0.0.1', strictPort: true },
  build: { chunkSizeWarningLimit: 4000 },
});
