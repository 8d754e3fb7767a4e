/* Supervision dashboard charts (Apache ECharts, vendored under static/vendor/echarts/).
   Progressive enhancement: the figures are also in each chart's table; without this script
   (or ECharts) the tables stay and the chart boxes stay hidden. A click on a bar that carries
   a link (yellow or red cards of a department) opens the filtered case list. */
(function () {
  "use strict";

  var COLORS = { green: "#2e7d32", yellow: "#c99700", red: "#c0392b", blue: "#1f5c99", grey: "#7a8794" };

  function axisLabels() {
    return { hideOverlap: true };
  }

  var builders = {
    daily: function (d) {
      return {
        tooltip: { trigger: "axis" },
        legend: { top: 0 },
        grid: { left: 36, right: 12, top: 32, bottom: 48 },
        xAxis: { type: "category", data: d.days.map(function (s) { return s.slice(5); }), axisLabel: axisLabels() },
        yAxis: { type: "value", minInterval: 1 },
        series: [
          { name: d.names.received, type: "bar", data: d.received, itemStyle: { color: COLORS.blue } },
          { name: d.names.completed, type: "bar", data: d.completed, itemStyle: { color: COLORS.green } }
        ]
      };
    },
    on_time: function (d) {
      return {
        tooltip: { trigger: "axis" },
        legend: { top: 0 },
        grid: { left: 36, right: 40, top: 32, bottom: 48 },
        xAxis: { type: "category", data: d.months, axisLabel: axisLabels() },
        yAxis: [{ type: "value", minInterval: 1 }, { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } }],
        series: [
          { name: d.names.on_time, type: "bar", stack: "done", data: d.on_time, itemStyle: { color: COLORS.green } },
          { name: d.names.late, type: "bar", stack: "done", data: d.late, itemStyle: { color: COLORS.red } },
          { name: d.names.rate, type: "line", yAxisIndex: 1, data: d.rate, connectNulls: false, itemStyle: { color: COLORS.blue } }
        ]
      };
    },
    cards: function (d) {
      return {
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        legend: { top: 0 },
        grid: { left: 12, right: 24, top: 32, bottom: 12, containLabel: true },
        xAxis: { type: "value", minInterval: 1 },
        yAxis: { type: "category", data: d.departments, inverse: true },
        series: [
          { name: d.names.yellow, type: "bar", stack: "cards", data: d.yellow, itemStyle: { color: COLORS.yellow }, cursor: "pointer" },
          { name: d.names.red, type: "bar", stack: "cards", data: d.red, itemStyle: { color: COLORS.red }, cursor: "pointer" }
        ]
      };
    },
    used: function (d) {
      return {
        tooltip: { trigger: "axis" },
        grid: { left: 36, right: 12, top: 16, bottom: 32 },
        xAxis: { type: "category", data: d.days, axisLabel: axisLabels() },
        yAxis: { type: "value", minInterval: 1 },
        series: [{ name: d.names.cases, type: "bar", barCategoryGap: "5%", data: d.cases, itemStyle: { color: COLORS.blue } }]
      };
    }
  };

  document.addEventListener("DOMContentLoaded", function () {
    var source = document.getElementById("dashboard-charts");
    if (!source || !window.echarts) { return; }
    var data = JSON.parse(source.textContent);
    var charts = [];
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var build = builders[el.getAttribute("data-chart")];
      var figures = data[el.getAttribute("data-chart")];
      if (!build || !figures) { return; }
      el.hidden = false;
      var chart = window.echarts.init(el);
      var option = build(figures);
      option.aria = { enabled: true };
      option.animation = false;
      chart.setOption(option);
      chart.on("click", function (params) {
        if (params.data && params.data.link) { window.location.assign(params.data.link); }
      });
      charts.push(chart);
    });
    window.addEventListener("resize", function () {
      charts.forEach(function (chart) { chart.resize(); });
    });
  });
})();
