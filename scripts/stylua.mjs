// Formats Lua files with StyLua, from its WebAssembly build on npm
// (@johnnymorganz/stylua): no binary to fetch, nothing outside node_modules.
//
//   node scripts/stylua.mjs --check FILE...   lists unformatted files, exit 1 if any
//   node scripts/stylua.mjs --write FILE...   rewrites them in place
//
// Settings come from .stylua.toml in the current folder.
import fs from 'node:fs';
import * as stylua from '@johnnymorganz/stylua';

// .stylua.toml keys this script knows, with the enum their values name.
const ENUMS = {
  syntax: stylua.LuaVersion,
  indent_type: stylua.IndentType,
  quote_style: stylua.QuoteStyle,
  call_parentheses: stylua.CallParenType,
  collapse_simple_statement: stylua.CollapseSimpleStatement,
  line_endings: stylua.LineEndings,
};
const NUMBERS = new Set(['column_width', 'indent_width']);

// Flat `key = value` lines only: that is all the settings file holds.
function readSettings(file) {
  const settings = {};
  for (const raw of fs.readFileSync(file, 'utf8').split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const m = /^(\w+)\s*=\s*(?:"([^"]*)"|(\d+))$/.exec(line);
    if (!m) throw new Error(`${file}: cannot read "${raw}"`);
    const [, key, text, number] = m;
    if (NUMBERS.has(key) && number !== undefined) settings[key] = Number(number);
    else if (ENUMS[key] && text !== undefined && typeof ENUMS[key][text] === 'number')
      settings[key] = ENUMS[key][text];
    else throw new Error(`${file}: unknown setting "${raw}"`);
  }
  return settings;
}

// A Config is consumed by formatCode: each file needs a new one.
function format(code, settings) {
  const config = Object.assign(stylua.Config.new(), settings);
  return stylua.formatCode(code, config, null, stylua.OutputVerification.Full);
}

function main(args) {
  const mode = args.shift();
  if ((mode !== '--check' && mode !== '--write') || !args.length) {
    console.error('usage: node scripts/stylua.mjs --check|--write FILE...');
    return 2;
  }
  const settings = readSettings('.stylua.toml');
  const unformatted = [];
  for (const file of args) {
    const code = fs.readFileSync(file, 'utf8');
    let out;
    try {
      out = format(code, settings);
    } catch (err) {
      console.error(`${file}: ${err.message || err}`);
      return 1;
    }
    if (out === code) continue;
    if (mode === '--write') fs.writeFileSync(file, out);
    unformatted.push(file);
  }
  if (mode === '--write') return 0;
  for (const file of unformatted) console.error(`not formatted: ${file}`);
  return unformatted.length ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
