// Mocha's spec reporter, plus one closing line in the plain form CI reads:
// "N passed, N failed, N skipped". Mocha's own summary spreads the counts
// over several lines with colours, which is harder to parse.
'use strict';
const Mocha = require('mocha');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once('end', () => {
      const { passes, failures, pending } = runner.stats;
      process.stdout.write(`\n${passes} passed, ${failures} failed, ${pending} skipped\n`);
    });
  }
}

module.exports = SummaryReporter;
