// Nothing here is about wirestore: the package needs no bundler configuration.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({ plugins: [react()] });
