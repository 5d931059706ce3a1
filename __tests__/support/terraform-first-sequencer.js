// Jest's testSequencer: runs the terraform project's files first. They take minutes, mostly waiting
// on Terraform and the emulator, while the unit files take seconds of CPU: started last, a long file
// would end the run alone; started first, the unit files fill the time it waits. Within each project
// jest's own order holds (slowest first once it has timings, largest first on a fresh clone).
// Plain JavaScript: jest loads its sequencer as it is, without the TypeScript transform.
const Sequencer = require('@jest/test-sequencer').default;

class TerraformFirstSequencer extends Sequencer {
  async sort(tests) {
    const ordered = await super.sort(tests);
    const terraform = (test) => test.context.config.displayName?.name === 'terraform';
    return [...ordered.filter(terraform), ...ordered.filter((test) => !terraform(test))];
  }
}

module.exports = TerraformFirstSequencer;
