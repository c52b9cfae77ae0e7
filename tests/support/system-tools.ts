// What `npm test` needs from the machine beyond Node and npm, and how to get it. Kept as
// pure functions over an explicit environment so the preflight's decisions are tested
// as functions, with each tool hidden, instead of only on a machine that lacks them.
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { chromiumPath } from './chromium.ts';

/** A program the tests run, and the Debian package that brings it. */
export interface SystemTool {
  /** What the person reads: the program's usual name. */
  name: string;
  /** Why the tests need it, in a few words. */
  neededFor: string;
  /** The Debian (and Ubuntu) package that installs it. */
  debianPackage: string;
  /** Where it is found: an absolute path, or undefined when it is missing. */
  locate(env: NodeJS.ProcessEnv): string | undefined;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable called `program` on the environment's PATH, as a shell would find it. */
export function findOnPath(program: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const folder of (env.PATH ?? '').split(delimiter)) {
    if (!folder) continue;
    const candidate = join(folder, program);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export const systemTools: readonly SystemTool[] = [
  {
    name: 'chromium',
    neededFor: 'the browser tests (Playwright drives Debian’s Chromium)',
    debianPackage: 'chromium',
    locate: (env) => {
      const path = chromiumPath(env);
      return isExecutable(path) ? path : undefined;
    },
  },
  {
    name: 'gpg',
    neededFor: 'the interop tests (GnuPG decrypts what the browser encrypted)',
    debianPackage: 'gnupg',
    locate: (env) => findOnPath('gpg', env),
  },
  {
    name: 'exiftool',
    neededFor: 'the metadata tests (exiftool reads what cleaning left in a file)',
    debianPackage: 'libimage-exiftool-perl',
    locate: (env) => findOnPath('exiftool', env),
  },
];

export function missingTools(env: NodeJS.ProcessEnv, tools: readonly SystemTool[] = systemTools): SystemTool[] {
  return tools.filter((tool) => tool.locate(env) === undefined);
}

export interface Machine {
  env: NodeJS.ProcessEnv;
  isRoot: boolean;
  /** Debian or a derivative (Ubuntu): `apt-get` and `/etc/debian_version` are there. */
  isDebian: boolean;
}

export function describeMachine(env: NodeJS.ProcessEnv): Machine {
  return {
    env,
    isRoot: process.getuid?.() === 0,
    isDebian: existsSync('/etc/debian_version') && findOnPath('apt-get', env) !== undefined,
  };
}

/**
 * Whether the tests may install what is missing themselves: only as root on Debian, and
 * only when asked to (CI, or `NGAO_INSTALL_SYSTEM_DEPS=1`), because installing system
 * packages is not something a test command should do to a developer's machine unasked.
 */
export function mayInstall(machine: Machine): boolean {
  const optIn = machine.env.NGAO_INSTALL_SYSTEM_DEPS;
  const allowed = optIn === undefined ? machine.env.CI === 'true' || machine.env.CI === '1' : optIn === '1';
  return allowed && machine.isRoot && machine.isDebian;
}

/** The exact command that installs these tools on Debian or Ubuntu. */
export function installCommand(tools: readonly SystemTool[], machine: Pick<Machine, 'isRoot'>): string {
  const packages = tools.map((tool) => tool.debianPackage).join(' ');
  return `${machine.isRoot ? '' : 'sudo '}apt-get install -y --no-install-recommends ${packages}`;
}

/** One line per missing tool: what it is for and the command that installs it. */
export function missingToolLines(tools: readonly SystemTool[], machine: Pick<Machine, 'isRoot'>): string[] {
  return tools.map(
    (tool) => `npm test: ${tool.name} is missing, needed for ${tool.neededFor}. Install it with: ${installCommand([tool], machine)}`,
  );
}
