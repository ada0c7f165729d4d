import path from 'node:path';
import { defineConfig } from '@tarojs/cli';

/**
 * npm keeps some of this workspace's packages (e.g. @tarojs/taro) in miniapp/node_modules while
 * hoisting the Taro packages that import them to the root, where Node-style lookup from the root
 * cannot find them: the bundler also looks here. (The CLI always runs in miniapp/.)
 */
const WORKSPACE_MODULES = path.resolve('node_modules');
interface Chain {
  resolve: { modules: { add(dir: string): { add(dir: string): unknown } } };
  plugins: { delete(name: string): unknown };
}

const webpackChain = (chain: Chain) => {
  chain.resolve.modules.add(WORKSPACE_MODULES).add('node_modules');
  // The progress bar redraws itself hundreds of times: noise in a CI log or a test run's output.
  if (!process.stdout.isTTY) chain.plugins.delete('webpackbar');
};

/** Server modules the app imports as code (coordinate conversion): compiled like our own sources. */
const SHARED_SERVER_CODE = [path.resolve('../server/src/grids/coordinates.ts')];

/** Where the weapp build calls the API; H5 calls the origin it was served from. */
const apiOrigin = process.env.TARO_ENV === 'h5' ? '' : (process.env.MINIAPP_API_ORIGIN ?? 'http://localhost:3000');

const outputRoot = process.env.MINIAPP_OUT_DIR ?? `dist/${process.env.TARO_ENV}`;

export default defineConfig<'webpack5'>(() => ({
  projectName: 'szcg-miniapp',
  designWidth: 750,
  deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
  sourceRoot: 'src',
  // MINIAPP_OUT_DIR: the size check builds into a temporary folder.
  outputRoot,
  framework: 'react',
  compiler: 'webpack5',
  cache: { enable: false },
  defineConstants: { API_ORIGIN: JSON.stringify(apiOrigin) },
  mini: { webpackChain, compile: { include: SHARED_SERVER_CODE } },
  // The map marker's icon must be a file in the package (an inlined image is not accepted there).
  copy: { patterns: process.env.TARO_ENV === 'weapp' ? [{ from: 'src/assets/pin.png', to: `${outputRoot}/assets/pin.png` }] : [], options: {} },
  h5: {
    webpackChain,
    compile: { include: SHARED_SERVER_CODE },
    publicPath: '/h5/',
    staticDirectory: 'static',
    router: { mode: 'hash' },
    output: { filename: 'js/[name].[contenthash:8].js', chunkFilename: 'js/[name].[contenthash:8].js' },
    miniCssExtractPluginOption: { ignoreOrder: true, filename: 'css/[name].[contenthash:8].css', chunkFilename: 'css/[name].[contenthash:8].css' },
  },
}));
