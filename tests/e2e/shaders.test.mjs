// Compiles and links every shader pair in shaders/ through headless Chromium's WebGL2, with
// the same prelude the app's loader prepends (read from web/render/gl_program.hpp), and
// fails on any compile or link log. Runs without the app, so a shader error is reported
// alone and precisely.
import { readFileSync, readdirSync } from 'node:fs';
import { launchBrowser, run, expect } from './harness.mjs';

const header = readFileSync('web/render/gl_program.hpp', 'utf8');
const m = header.match(/kShaderPrelude = "([^"]*)"/);
const prelude = m[1].replace(/\\n/g, '\n');
const files = readdirSync('shaders').filter((f) => f.endsWith('.glsl'));
const programs = [...new Set(files.map((f) => f.split('.')[0]))];

const { browser, page } = await launchBrowser();
try {
  await page.setContent('<canvas id="c"></canvas>');
  for (const name of programs) {
    await run(`shader program ${name} compiles and links in WebGL2`, async () => {
      const vs = prelude + readFileSync(`shaders/${name}.vert.glsl`, 'utf8');
      const fs = prelude + readFileSync(`shaders/${name}.frag.glsl`, 'utf8');
      const result = await page.evaluate(([vs, fs]) => {
        const gl = document.getElementById('c').getContext('webgl2');
        if (!gl) return { error: 'WebGL2 unavailable' };
        const compile = (type, src) => {
          const s = gl.createShader(type);
          gl.shaderSource(s, src);
          gl.compileShader(s);
          return gl.getShaderParameter(s, gl.COMPILE_STATUS) ? { s } : { error: gl.getShaderInfoLog(s) };
        };
        const v = compile(gl.VERTEX_SHADER, vs);
        if (v.error) return { error: 'vertex: ' + v.error };
        const f = compile(gl.FRAGMENT_SHADER, fs);
        if (f.error) return { error: 'fragment: ' + f.error };
        const p = gl.createProgram();
        gl.attachShader(p, v.s);
        gl.attachShader(p, f.s);
        gl.linkProgram(p);
        if (!gl.getProgramParameter(p, gl.LINK_STATUS)) return { error: 'link: ' + gl.getProgramInfoLog(p) };
        return { ok: true };
      }, [vs, fs]);
      expect(result.ok, result.error);
    });
  }
  await run('a broken shader is reported (the check itself works)', async () => {
    const r = await page.evaluate((src) => {
      const gl = document.getElementById('c').getContext('webgl2');
      const s = gl.createShader(gl.FRAGMENT_SHADER);
      gl.shaderSource(s, src);
      gl.compileShader(s);
      return gl.getShaderParameter(s, gl.COMPILE_STATUS);
    }, prelude + 'out vec4 c; void main() { c = undefined_symbol; }');
    expect(r === false, 'a shader with an undefined symbol compiled');
  });
} finally {
  await browser.close();
}
