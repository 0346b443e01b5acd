// The app redraws only the part of the canvas a frame changed (web/render/damage.hpp), so
// the canvas must keep its pixels between frames: WebGL clears them after each frame unless
// the context is created with preserveDrawingBuffer. Emscripten's GLFW has no option for it,
// so its getContext call gets the attribute added here. (The renderer reads the attributes
// back and redraws everything each frame when they lack it.)
(function () {
  var canvas = Module.canvas;
  if (!canvas || !canvas.getContext) return;
  var getContext = canvas.getContext.bind(canvas);
  canvas.getContext = function (type, attributes) {
    if (type === 'webgl2' || type === 'webgl') attributes = Object.assign({}, attributes, { preserveDrawingBuffer: true });
    return getContext(type, attributes);
  };
})();
