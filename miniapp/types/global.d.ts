/// <reference types="@tarojs/taro" />

declare module '*.scss';
declare module '*.png' {
  const url: string;
  export default url;
}

declare namespace NodeJS {
  interface ProcessEnv {
    /** The platform being built; a build for one drops the other's branches. */
    TARO_ENV: 'weapp' | 'h5';
  }
}

/** Where the weapp build calls the API (`MINIAPP_API_ORIGIN` at build time); '' in H5: same origin. */
declare const API_ORIGIN: string;
