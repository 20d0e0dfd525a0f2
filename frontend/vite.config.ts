import { fileURLToPath, URL } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'

// The API runs on 127.0.0.1:8000 (`make run`); the dev server proxies /api there so the
// session cookie stays first-party.
export default defineConfig({
  plugins: [vue()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://127.0.0.1:8000', changeOrigin: false } },
  },
  build: { target: 'es2022', sourcemap: false, manifest: true, chunkSizeWarningLimit: 700 },
  test: { environment: 'jsdom', include: ['src/**/*.spec.ts'] },
})
