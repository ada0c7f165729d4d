/** Jest in native ESM (run with --experimental-vm-modules); TypeScript is stripped by swc. */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/server/src', '<rootDir>/telephony/src', '<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } }],
  },
  testTimeout: 30000,
};
