// The node flags a package.json script starts node with (`node --a --b FILE …` → ['--a', '--b']): one
// place for them (package.json); scripts/synth.js and the scale bench start node the way synth:k8s does.
function nodeFlagsOf(script) {
  const words = script.split(/\s+/);
  if (words[0] !== 'node') throw new Error(`not a node command: ${script}`);
  const flags = [];
  for (const word of words.slice(1)) {
    if (!word.startsWith('-')) break;
    flags.push(word);
  }
  return flags;
}

module.exports = { nodeFlagsOf };
