// What was made from an answer or a view, kept with it. A keyed command's answer is shared by
// every request for it (see Engine.run), and so are its views (viewOf): a repeat then finds
// its page and its rendering already made. Both are never changed once built, and whatever
// is kept goes when they do.

/** Values made from an object, by a key such as the options they were made with. */
export class KeptWith<Owner extends object, Key, Value> {
  private readonly kept = new WeakMap<Owner, Map<Key, Value>>();

  /** The value kept for `owner` and `key`, made once. */
  get(owner: Owner, key: Key, make: () => Value): Value {
    let values = this.kept.get(owner);
    if (values?.has(key)) return values.get(key) as Value;
    const value = make();
    if (!values) {
      values = new Map();
      this.kept.set(owner, values);
    }
    values.set(key, value);
    return value;
  }
}
