/** A one-line progress display for long commands: rewrites itself on a terminal, prints lines otherwise. */
export function progressLine(stream: NodeJS.WriteStream = process.stderr): ((text: string) => void) & { done(): void } {
  const started = Date.now();
  const tty = stream.isTTY;
  const show = (text: string): void => {
    const line = `[${((Date.now() - started) / 1000).toFixed(1)}s] ${text}`;
    if (tty) stream.write(`\r\x1b[2K${line}`);
    else stream.write(`${line}\n`);
  };
  return Object.assign(show, {
    done: () => {
      if (tty) stream.write('\n');
    },
  });
}
