import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const contractsRoot = fileURLToPath(new URL('../contracts/', import.meta.url));
const apiTarget = 'http://127.0.0.1:3000';

export default defineConfig({
  root: webRoot,
  plugins: [react()],
  // The API contract shared with the server: zod schemas, enums and money rules, free of server code.
  resolve: { alias: { '@contracts/': contractsRoot } },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/docs': { target: apiTarget, changeOrigin: false },
    },
  },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    // A rebuild while a server (or a browser test) is serving web/dist keeps the old hashed chunks, so pages
    // already loaded can still fetch their lazy routes; `npm run build:web` and the Docker image start clean.
    emptyOutDir: process.env.JICAI_KEEP_OLD_ASSETS !== '1',
    // antd alone is ~1 MB minified; it is split out and cached apart from the app code.
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|react-router|scheduler|@tanstack)[\\/]/,
              priority: 3,
            },
            {
              // Charts are drawn on the dashboards only: their own chunk, loaded with that page, not with every page.
              name: 'echarts',
              test: /node_modules[\\/](echarts|zrender)[\\/]/,
              priority: 4,
            },
            {
              name: 'antd',
              test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|@emotion|dayjs)[\\/]/,
              priority: 2,
            },
            {
              name: 'vendor',
              test: /node_modules[\\/]/,
              priority: 1,
            },
          ],
        },
      },
    },
  },
});
