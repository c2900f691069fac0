/**
 * How a Bash script's `$OUTPUT` file reaches the server without the server ever opening a path the script
 * touched: a small wrapper, inside the same sandbox, runs the script with the result pipe (fd 3) closed, then
 * copies `$OUTPUT` to fd 3 (a regular file only, capped). Following a link there can only reach what the
 * sandbox itself can see, and a FIFO planted there can block only this call, until its deadline.
 *
 * The frame on fd 3: one byte for the disk (`D`: a private tmpfs is full, `-`: not), one byte for `$OUTPUT`
 * (`F` and then its first bytes, `N`: something that is not a regular file, `0`: absent), in that order.
 * Code can write to fd 3 through /proc as well: that forges only its own result.
 */
const WRAPPER = `
bash --noprofile --norc main.sh 3>&-
code=$?
full=-
free=$'\n'$(stat -f -c %a . /tmp /dev/shm 2>/dev/null)$'\n'
[ -w . ] && [[ $free == *$'\n0\n'* ]] && full=D
printf %s "$full" >&3
if [ -n "$OUTPUT" ] && { [ -L "$OUTPUT" ] || { [ -e "$OUTPUT" ] && [ ! -f "$OUTPUT" ]; }; }; then
  printf N >&3
elif [ -n "$OUTPUT" ] && [ -f "$OUTPUT" ]; then
  printf F >&3
  head -c "$1" -- "$OUTPUT" >&3 2>/dev/null
else
  printf 0 >&3
fi
exit $code
`;

/** The command that runs `main.sh` under the wrapper; `cap` bytes of `$OUTPUT` at most reach the server. */
export function bashCommand(bash: string, cap: number): string[] {
  return [bash, '--noprofile', '--norc', '-c', WRAPPER, 'switchyard-bash', String(cap)];
}

/** What the wrapper reported: whether a tmpfs filled up, and the output file's text or why there is none. */
export interface BashFrame {
  diskFull: boolean;
  output: { kind: 'file'; text: string } | { kind: 'not_a_file' } | { kind: 'none' };
}

/** Reads the wrapper's frame; a missing or cut frame (the wrapper was killed) means no output file. */
export function parseBashFrame(frame: Buffer): BashFrame {
  const diskFull = frame[0] === 0x44; // 'D'
  const kind = frame[1];
  if (kind === 0x46) return { diskFull, output: { kind: 'file', text: frame.subarray(2).toString('utf8') } }; // 'F'
  if (kind === 0x4e) return { diskFull, output: { kind: 'not_a_file' } }; // 'N'
  return { diskFull, output: { kind: 'none' } };
}
