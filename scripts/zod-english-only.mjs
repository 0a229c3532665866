// An esbuild plugin for sagewire's bundles: zod's `z.locales` namespace (error messages in 50-odd
// languages, 264 KB of the 454 KB zod adds to a minified bundle) becomes English only. sagewire
// never calls z.locales; zod's own default locale is imported separately and stays as it is.
import { dirname, join } from 'node:path';

export const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => {
      if (!/[\\/]zod[\\/]v4[\\/](classic|core|mini)$/.test(args.resolveDir)) return undefined;
      return { path: join(dirname(args.resolveDir), 'locales', 'index.js'), namespace: 'zod-english-only' };
    });
    build.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(join(dirname(args.path), 'en.js'))};`,
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};
