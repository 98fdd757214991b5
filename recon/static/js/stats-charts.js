/* Statistics charts (ux.md V2–V3): each `.stats-chart[data-chart]` is drawn with the vendored
   ECharts from the JSON block next to it: SVG renderer, the page's language (ZH / EN), aria
   description and decal patterns on, no animation. The server-rendered table under each chart
   holds the same numbers, so without JS nothing is lost. */
(function () {
  "use strict";
  if (!window.echarts) { return; }
  var locale = (document.documentElement.lang || "zh-CN").toLowerCase().indexOf("zh") === 0 ? "ZH" : "EN";
  // Okabe–Ito colours, each at least 3:1 against white
  var palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#7A5C00", "#56418A"];

  function option(spec) {
    var horizontal = !!spec.horizontal;
    var valueAxis = {type: "value", axisLabel: {formatter: spec.percent ? "{value}%" : "{value}"}};
    var categoryAxis = {type: "category", data: spec.categories, axisLabel: {interval: 0}};
    return {
      animation: false,
      color: palette,
      aria: {enabled: true, decal: {show: true}},
      legend: {top: 0, type: "scroll"},
      grid: {left: 8, right: 16, top: 40, bottom: 8, containLabel: true},
      tooltip: {trigger: "axis"},
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? categoryAxis : valueAxis,
      series: spec.series.map(function (s) {
        return {name: s.name, type: s.type || spec.type || "bar", stack: s.stack, data: s.data,
                label: {show: !s.stack && (s.type || spec.type) === "bar", position: horizontal ? "right" : "top",
                        formatter: spec.percent ? "{c}%" : "{c}"}};
      })
    };
  }

  function draw(el) {
    var block = document.getElementById(el.id + "-data");
    if (!block) { return; }
    var spec = JSON.parse(block.textContent);
    var rows = spec.categories.length;
    if (spec.horizontal) { el.style.height = Math.max(200, 40 + rows * 32) + "px"; }
    var chart = window.echarts.init(el, null, {renderer: "svg", locale: locale});
    chart.setOption(option(spec));
    window.addEventListener("resize", function () { chart.resize(); });
  }

  document.querySelectorAll(".stats-chart[data-chart]").forEach(draw);
})();
