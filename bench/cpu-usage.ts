/**
 * Where the processor time of a measured phase went, read from Linux's /proc: the whole
 * machine (and what of it the hypervisor gave to other virtual machines), the server process,
 * the server's main thread (its event loop, which answers every request) and this process (the
 * load generator). A phase that misses its target with the machine at 100 % is limited by the
 * cores the bench shares; with the server's main thread at 100 %, by one event loop; with much
 * time stolen, by the host. Elsewhere than on Linux there is no /proc and no figures.
 */
import { readFileSync } from 'node:fs';

interface CpuReading {
  at: number;
  /** Clock ticks of all cores, and of them the idle ones and the stolen ones (/proc/stat). */
  machineTicks: number;
  machineIdleTicks: number;
  machineStolenTicks: number;
  /** Clock ticks (user + system) of the server process and of its main thread. */
  serverTicks: number;
  mainThreadTicks: number;
  /** Microseconds (user + system) of this process. */
  generatorMicros: number;
}

export interface CpuUsage {
  /** Share of all cores busy, 0-1. */
  machineBusy: number;
  /**
   * Share of all cores' time the hypervisor gave to other virtual machines, 0-1 (counted as
   * busy): on a shared host, time this machine's work waited for no reason of its own.
   */
  machineStolen: number;
  /** Cores' worth of time each used. */
  serverCores: number;
  generatorCores: number;
  /** Share of the wall time the server's main thread was running, 0-1. */
  mainThreadBusy: number;
  /** Server processor time a request, in µs. */
  serverMicrosPerRequest: number;
}

/** Linux's USER_HZ, the unit of /proc's times (100 on every architecture Node runs on). */
const TICKS_PER_SECOND = 100;

/** utime + stime of /proc/<pid>/stat or /proc/<pid>/task/<tid>/stat (fields 14 and 15; the name before them may hold spaces). */
function processTicks(path: string): number {
  const stat = readFileSync(path, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

function read(serverPid: number): CpuReading | null {
  try {
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0].trim().split(/\s+/).map(Number);
    const { user, system } = process.cpuUsage();
    return {
      at: performance.now(),
      // user, nice, system, idle, iowait, irq, softirq, steal (guest time is counted in user and nice already)
      machineTicks: ticks.slice(0, 8).reduce((sum, t) => sum + t, 0),
      machineIdleTicks: ticks[3] + ticks[4],
      machineStolenTicks: ticks[7],
      serverTicks: processTicks(`/proc/${serverPid}/stat`),
      mainThreadTicks: processTicks(`/proc/${serverPid}/task/${serverPid}/stat`),
      generatorMicros: user + system,
    };
  } catch (error) {
    // No /proc: not Linux.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Starts measuring; the function returned ends it, given the requests answered meanwhile (null without /proc). */
export function measureCpu(serverPid: number): (requests: number) => CpuUsage | null {
  const start = read(serverPid);
  return (requests) => {
    const end = read(serverPid);
    if (!start || !end) return null;
    const wallSeconds = (end.at - start.at) / 1000;
    const serverSeconds = (end.serverTicks - start.serverTicks) / TICKS_PER_SECOND;
    const machineTicks = end.machineTicks - start.machineTicks;
    return {
      machineBusy: 1 - (end.machineIdleTicks - start.machineIdleTicks) / machineTicks,
      machineStolen: (end.machineStolenTicks - start.machineStolenTicks) / machineTicks,
      serverCores: serverSeconds / wallSeconds,
      generatorCores: (end.generatorMicros - start.generatorMicros) / 1e6 / wallSeconds,
      mainThreadBusy: (end.mainThreadTicks - start.mainThreadTicks) / TICKS_PER_SECOND / wallSeconds,
      serverMicrosPerRequest: requests > 0 ? (serverSeconds * 1e6) / requests : 0,
    };
  };
}
