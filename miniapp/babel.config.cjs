// babel-preset-taro: JSX, TypeScript and the per-platform API transforms (https://docs.taro.zone/docs/babel-config).
module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
};
