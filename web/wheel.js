// Mouse wheel and trackpad scrolling. Emscripten 3.1.6's GLFW hands the browser's wheel
// deltas to the app unchanged: in pixels (Chrome: about 100 per notch) or lines (Firefox: 3
// per notch), positive meaning down. Dear ImGui wants notches, positive meaning up. Passed on
// as they were, one notch down scrolled the table ~100 notches *up* (hundreds of rows).
// This listener, registered before GLFW's, turns each wheel event into notches and gives
// them to the app (offerscope_wheel in web/main.cpp); GLFW's own handler never sees it.
(function () {
  var canvas = Module.canvas;
  if (!canvas) return;
  // What one notch of a mouse wheel is, per WheelEvent.deltaMode (0 pixels, 1 lines, 2 pages).
  var kPerNotch = [100, 3, 1];
  canvas.addEventListener('wheel', function (event) {
    event.stopImmediatePropagation();
    event.preventDefault();  // the page itself never scrolls
    var wheel = Module['_offerscope_wheel'];
    if (!wheel || !Module['calledRun']) return;  // before the app started: nothing to scroll
    var perNotch = kPerNotch[event.deltaMode] || 100;
    wheel(-event.deltaX / perNotch, -event.deltaY / perNotch);
  }, { capture: true, passive: false });
})();
