// A problem found in the fact base, always with the place a maintainer has to edit.

export interface Problem {
  /** Path as given to the loader's folder, e.g. `knowledge/sources/r1-repo.yaml`. */
  file: string;
  /** 1-based line and column. */
  line: number;
  column: number;
  severity: 'error' | 'warning';
  /** Short rule name, e.g. `unknown-reference`, so a maintainer can search for it. */
  rule: string;
  message: string;
}

export function compareProblems(a: Problem, b: Problem): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.message.localeCompare(b.message);
}

export function formatProblem(problem: Problem): string {
  const where = `${problem.file}:${problem.line}:${problem.column}`;
  const level = problem.severity === 'warning' ? 'warning: ' : '';
  return `${where}  ${level}${problem.message} (${problem.rule})`;
}

/** GitHub Actions workflow-command annotation; `%`, CR and LF must be escaped in it. */
export function formatGithubAnnotation(problem: Problem): string {
  const escape = (value: string) => value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const escapeProperty = (value: string) => escape(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
  const command = problem.severity === 'warning' ? 'warning' : 'error';
  return `::${command} file=${escapeProperty(problem.file)},line=${problem.line},col=${problem.column},title=${escapeProperty(problem.rule)}::${escape(problem.message)}`;
}

/**
 * The problems of one load: listed up to `limit`, counted beyond it. A pathological edit
 * (a file of thousands of bad items) must cost neither memory nor time for problems that
 * nobody will read, so a problem past the limit is never located nor worded.
 */
export class ProblemList {
  private readonly listed: Problem[] = [];
  private readonly counts = { error: 0, warning: 0 };

  constructor(private readonly limit: number) {}

  /** `describe` runs only for a problem that will be listed. */
  add(severity: Problem['severity'], describe: () => Omit<Problem, 'severity'>): void {
    this.counts[severity] += 1;
    if (this.listed.length < this.limit) this.listed.push({ ...describe(), severity });
  }

  /** Every error found, listed or not. */
  get errors(): number {
    return this.counts.error;
  }

  get warnings(): number {
    return this.counts.warning;
  }

  /** The listed problems in file order, then one saying how many more were found (at `where`). */
  sorted(where: string): Problem[] {
    const problems = [...this.listed].sort(compareProblems);
    const errors = this.counts.error - problems.filter((problem) => problem.severity === 'error').length;
    const warnings = this.counts.warning - (problems.length - problems.filter((problem) => problem.severity === 'error').length);
    if (errors + warnings > 0) {
      problems.push({
        file: where,
        line: 1,
        column: 1,
        severity: errors > 0 ? 'error' : 'warning',
        rule: 'more-problems',
        message: `and ${count(errors + warnings)} more problem(s) not listed (${count(errors)} error(s), ${count(warnings)} warning(s)); fix the ones above and run lint again`,
      });
    }
    return problems;
  }
}

function count(value: number): string {
  return value.toLocaleString('en');
}
