// Reference timing for the flow bench: reads a DIMACS min-cost-flow file with LEMON's
// readDimacsMin and solves it with LEMON's NetworkSimplex (block search pivot rule, 64-bit
// flows and costs). Prints, one per line:
//   parse_ms <milliseconds>
//   solve_ms <milliseconds>
//   solve_cpu_ms <milliseconds of CPU time> (differs from solve_ms when other processes compete)
//   status optimal|infeasible|unbounded
//   cost <total cost>          (only when optimal)
// Build: g++ -O3 -march=native -std=c++17 -o lemon-ns lemon-ns.cpp
#include <lemon/dimacs.h>
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <iostream>

using Graph = lemon::SmartDigraph;
using Value = long long;
using Simplex = lemon::NetworkSimplex<Graph, Value, Value>;

static double millisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: lemon-ns FILE.min\n";
    return 2;
  }
  std::ifstream input(argv[1]);
  if (!input) {
    std::cerr << "lemon-ns: cannot open " << argv[1] << "\n";
    return 2;
  }
  Graph graph;
  Graph::ArcMap<Value> lower(graph), capacity(graph), cost(graph);
  Graph::NodeMap<Value> supply(graph);

  auto parseStart = std::chrono::steady_clock::now();
  lemon::readDimacsMin(input, graph, lower, capacity, cost, supply);
  std::cout << "parse_ms " << millisecondsSince(parseStart) << "\n";

  auto solveStart = std::chrono::steady_clock::now();
  std::clock_t solveCpuStart = std::clock();
  Simplex simplex(graph);
  simplex.lowerMap(lower).upperMap(capacity).costMap(cost).supplyMap(supply);
  Simplex::ProblemType result = simplex.run(Simplex::BLOCK_SEARCH);
  std::cout << "solve_ms " << millisecondsSince(solveStart) << "\n";
  std::cout << "solve_cpu_ms " << 1000.0 * double(std::clock() - solveCpuStart) / CLOCKS_PER_SEC << "\n";

  if (result == Simplex::OPTIMAL) {
    std::cout << "status optimal\n";
    std::cout << "cost " << simplex.totalCost() << "\n";
  } else {
    std::cout << "status " << (result == Simplex::INFEASIBLE ? "infeasible" : "unbounded") << "\n";
  }
  return 0;
}
