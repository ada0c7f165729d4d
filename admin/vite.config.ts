/**
 * The admin console is served by the API at /admin/ (server/src/http/static-apps.ts), so the
 * build uses that base. `npm run dev -w admin` proxies /api to a running `npm start`.
 */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  base: '/admin/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Vendor chunks change less often than our code, so browsers keep them across releases.
    // ECharts needs no entry here: only the lazily loaded 总览 imports it, so it has its own chunk.
    rollupOptions: {
      output: {
        manualChunks: {
          react: ['react', 'react-dom', 'react-router-dom', '@tanstack/react-query'],
          antd: ['antd', '@ant-design/icons', 'dayjs'],
        },
      },
    },
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: { '/api': `http://localhost:${process.env.PORT ?? 3000}` },
  },
});
