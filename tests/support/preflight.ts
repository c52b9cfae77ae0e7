// Run first by `npm test`: checks that the machine has the programs the tests drive
// (Chromium, GnuPG, exiftool). A fresh machine with only Node and npm either gets them
// installed (as root on Debian, when allowed: CI or NGAO_INSTALL_SYSTEM_DEPS=1) or is
// told in the first seconds, one line per tool with the command that installs it,
// instead of failing minutes later in the middle of the suite.
import { spawnSync } from 'node:child_process';
import { describeMachine, installCommand, mayInstall, missingToolLines, missingTools } from './system-tools.ts';

const machine = describeMachine(process.env);
let missing = missingTools(process.env);

if (missing.length > 0 && mayInstall(machine)) {
  const packages = missing.map((tool) => tool.debianPackage);
  console.log(`npm test: installing ${packages.join(', ')} with apt-get (root on Debian, allowed by ${process.env.NGAO_INSTALL_SYSTEM_DEPS === '1' ? 'NGAO_INSTALL_SYSTEM_DEPS=1' : 'CI'})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', '--no-install-recommends', ...packages]]) {
    const result = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (result.status !== 0) {
      console.error(`npm test: apt-get ${args[0]} failed (exit ${result.status}); install by hand: ${installCommand(missing, machine)}`);
      process.exit(1);
    }
  }
  missing = missingTools(process.env);
}

if (missing.length > 0) {
  for (const line of missingToolLines(missing, machine)) console.error(line);
  if (machine.isRoot && machine.isDebian) console.error('npm test: or let it install them itself: NGAO_INSTALL_SYSTEM_DEPS=1 npm test');
  process.exit(1);
}
