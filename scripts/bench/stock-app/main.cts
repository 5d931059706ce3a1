// The baseline `npm run bench` holds `npm run synth` against: the app as `cdktf init --template=typescript`
// sets it up. `cdktf synth` runs it through ts-node, which type-checks it and everything it imports at
// every run, with the template's tsconfig.json (only raised to ES2022 and esModuleInterop, which the
// project's code is written for). And the provider is imported from its package root, the way the
// provider's documentation writes it, which loads, and type-checks, every resource the provider has.
//
// The app itself is the project's: the same definition, validation, stacks and constructs, so both do
// the same work (the bench checks that they write the same stacks, byte for byte).
//
// Named .cts only to stay out of the project's own type-check (tsconfig.json includes scripts/**/*.ts),
// which would otherwise pay for the package root too: about 9 s and 800 MiB at every `npm test`.
import '@cdktf/provider-aws';
import '../../../main';
