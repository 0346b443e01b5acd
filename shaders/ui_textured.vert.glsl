// ImGui's textured triangles (glyphs, images) in CSS pixels of the display.
layout(location = 0) in vec2 a_position;  // CSS pixels
layout(location = 1) in vec2 a_uv;
layout(location = 2) in vec4 a_color;

uniform vec4 u_display;  // x, y, width, height of the display rectangle in CSS pixels

out vec2 v_uv;
out vec4 v_color;

void main() {
  vec2 unit = (a_position - u_display.xy) / u_display.zw;
  gl_Position = vec4(unit.x * 2.0 - 1.0, 1.0 - unit.y * 2.0, 0.0, 1.0);
  v_uv = a_uv;
  v_color = a_color;
}
