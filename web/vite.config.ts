import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** `pnpm dev` serves the app with hot reload and forwards `/api` to a server started with `pnpm start`. */
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: { '/api': 'http://localhost:3000' },
  },
  build: {
    sourcemap: true,
    rollupOptions: {
      // zod ships explanatory comments next to its `@__PURE__` marks; Rollup warns about each on every build.
      onwarn(warning, warn) {
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('/node_modules/')) return;
        warn(warning);
      },
    },
  },
});
