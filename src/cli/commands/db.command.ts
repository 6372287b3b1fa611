import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { listMigrations, migrate } from '../../store/migrate.ts';
import { dumpMigratedSchema, dumpSchema } from '../../store/schema-dump.ts';
import type { CliRunner } from '../cli-runner.ts';
import { table } from '../output.ts';

export function registerDbCommand(program: Command, run: CliRunner): void {
  const db = program.command('db').description('the PostgreSQL store: migrations and schema');

  db.command('migrate')
    .description('apply pending migrations (the hub also does this when it starts)')
    .action(() =>
      run.withContext(
        async (ctx) => {
          const applied = await migrate(ctx.pool);
          const known = listMigrations().map((m) => m.version);
          return {
            data: { applied, migrations: known.length },
            human:
              applied.length === 0
                ? `the schema is up to date (${known.length} migrations)`
                : table(
                    applied.map((version) => ({ version })),
                    [{ header: 'APPLIED', value: (m) => m.version }],
                  ),
          };
        },
        { migrate: false },
      ),
    );

  db.command('schema')
    .description('print the schema as normalised SQL (what src/store/schema.sql holds)')
    .option('--fresh', 'apply every migration to a new scratch schema and print that, not the live schema')
    .option('--out <file>', 'write the SQL to a file instead of printing it')
    .action((options: { fresh?: boolean; out?: string }) =>
      run.withContext(
        async (ctx) => {
          const sql = options.fresh ? await dumpMigratedSchema(ctx.database.url) : await dumpSchema(ctx.pool);
          const tables = (sql.match(/^CREATE TABLE /gm) ?? []).length;
          if (options.out) {
            writeFileSync(options.out, sql);
            return { data: { file: options.out, tables }, human: `wrote ${options.out} (${tables} tables)` };
          }
          return { data: { sql, tables }, human: sql.trimEnd() };
        },
        { migrate: false },
      ),
    );
}
