// Loading discord.js safely. vega-lite (the chart renderer's dependency) defines
// Set.prototype.toJSON when it loads, and the util.inspect polyfill inside discord.js's
// event emitter then throws while loading ("string "Set()" is not iterable"). The CLI loads
// the chart code first, so every discord.js import in this project goes through here: the
// property is hidden while discord.js loads and put back at once.
export async function withDiscordJs<T>(load: () => Promise<T>): Promise<T> {
  const descriptor = Object.getOwnPropertyDescriptor(Set.prototype, 'toJSON');
  if (!descriptor?.configurable) return load();
  delete (Set.prototype as { toJSON?: unknown }).toJSON;
  try {
    return await load();
  } finally {
    Object.defineProperty(Set.prototype, 'toJSON', descriptor);
  }
}
