module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  testRules: {
    // The test kit's expect… helpers (expectClusterRoleAdvice…) assert.
    'jest/expect-expect': ['warn', { assertFunctionNames: ['expect*'] }],
  },
});
