import { createHash } from 'node:crypto';
import { type TransformFailure, transform } from 'esbuild';

/** What the child should run, or why the source cannot run. */
export type PreparedCode = { ok: true; code: string } | { ok: false; message: string; line?: number; column?: number };

/**
 * Turns user source into the ES module the child imports, in the parent (esbuild parses; it never runs code).
 * TypeScript is transpiled (loader ts, format esm, target node20, inline source map; types are not checked).
 * JavaScript is only parsed, to report syntax errors with line/column, and runs unchanged.
 * Outcomes are cached by content hash in a small LRU so repeated nodes do not pay for esbuild again.
 */
export class CodePreparer {
  private readonly cache = new Map<string, PreparedCode>();

  constructor(private readonly maxEntries = 128) {}

  /** Prepares `code` written in `language` (javascript or typescript). */
  async prepare(language: 'javascript' | 'typescript', code: string): Promise<PreparedCode> {
    const key = createHash('sha256').update(language).update('\0').update(code).digest('hex');
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const prepared = await this.compile(language, code);
    this.cache.set(key, prepared);
    if (this.cache.size > this.maxEntries) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    return prepared;
  }

  private async compile(language: 'javascript' | 'typescript', code: string): Promise<PreparedCode> {
    const file = language === 'typescript' ? 'main.ts' : 'main.js';
    try {
      if (language === 'javascript') {
        // Parse only, with the newest syntax, so valid code that esbuild would need to lower is never refused.
        await transform(code, { loader: 'js', target: 'esnext', sourcefile: file, logLevel: 'silent' });
        return { ok: true, code };
      }
      const out = await transform(code, {
        loader: 'ts',
        format: 'esm',
        target: 'node20',
        sourcemap: 'inline',
        sourcefile: file,
        logLevel: 'silent',
      });
      return { ok: true, code: out.code };
    } catch (err) {
      return describeFailure(err, file);
    }
  }
}

function describeFailure(err: unknown, file: string): PreparedCode {
  const first = (err as Partial<TransformFailure>).errors?.[0];
  if (!first) return { ok: false, message: `SyntaxError: ${err instanceof Error ? err.message : String(err)}` };
  const loc = first.location;
  if (!loc) return { ok: false, message: `SyntaxError: ${first.text}` };
  // esbuild columns are 0-based; editors and stacks count from 1.
  const column = loc.column + 1;
  return { ok: false, message: `SyntaxError: ${first.text} (${file}:${loc.line}:${column})`, line: loc.line, column };
}
