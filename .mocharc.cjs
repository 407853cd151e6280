// The whole suite: unit tests and lab tests against real sshd and Docker.
// `npm run test:unit` runs the unit tests alone (no lab, no root needed).
module.exports = {
  spec: ['dist/test/**/*.test.js'],
  require: ['dist/test/support/lab.js'],
  reporter: 'test/support/reporter.cjs',
  timeout: 180000,
  slow: 5000,
};
