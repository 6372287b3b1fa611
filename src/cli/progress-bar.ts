/**
 * A one-line progress bar on stderr, drawn only on a terminal (stdout stays the command's output, and a
 * pipe or CI log gets no carriage-return noise). At most ten redraws a second.
 */
export function progressBar(unit: string, stream: NodeJS.WriteStream = process.stderr) {
  if (!stream.isTTY) return undefined;
  let last = 0;
  let drawn = false;
  const width = 30;
  return {
    update: (done: number, total: number) => {
      const now = Date.now();
      if (done < total && now - last < 100) return;
      last = now;
      const filled = total === 0 ? width : Math.round((done / total) * width);
      stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${unit}`);
      drawn = true;
    },
    done: () => {
      if (drawn) stream.write('\n');
    },
  };
}
