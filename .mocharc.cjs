// Settings for every mocha run. `npm test` names the whole suite (unit and
// lab tests); `npx mocha dist/test/x.test.js` runs one file with them.
// `npm run test:unit` runs the unit tests alone (no lab, no root needed).
module.exports = {
  require: ['dist/test/support/lab.js'],
  reporter: 'test/support/reporter.cjs',
  timeout: 180000,
  slow: 5000,
};
