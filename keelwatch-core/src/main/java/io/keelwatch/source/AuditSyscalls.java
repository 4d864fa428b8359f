package io.keelwatch.source;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Syscall numbers to names for the architectures auditd logs as {@code arch=c000003e} (x86_64) and
 * {@code arch=c00000b7} (aarch64): the calls that matter for detection and those common in audit logs, not the
 * whole table. Unknown numbers become {@code syscall_<n>}.
 */
final class AuditSyscalls {
    static final String X86_64 = "c000003e";
    static final String AARCH64 = "c00000b7";

    private static final Map<Integer, String> X86 = table(
            "0 read 1 write 2 open 3 close 4 stat 5 fstat 6 lstat 8 lseek 9 mmap 10 mprotect 11 munmap 12 brk "
            + "13 rt_sigaction 14 rt_sigprocmask 16 ioctl 17 pread64 20 writev 21 access 22 pipe 23 select "
            + "32 dup 33 dup2 35 nanosleep 39 getpid 41 socket 42 connect 43 accept 44 sendto 45 recvfrom "
            + "46 sendmsg 47 recvmsg 48 shutdown 49 bind 50 listen 51 getsockname 52 getpeername 53 socketpair "
            + "54 setsockopt 55 getsockopt 56 clone 57 fork 58 vfork 59 execve 60 exit 61 wait4 62 kill 63 uname "
            + "72 fcntl 76 truncate 77 ftruncate 78 getdents 79 getcwd 80 chdir 81 fchdir 82 rename 83 mkdir "
            + "84 rmdir 85 creat 86 link 87 unlink 88 symlink 89 readlink 90 chmod 91 fchmod 92 chown 93 fchown "
            + "94 lchown 95 umask 101 ptrace 102 getuid 104 getgid 105 setuid 106 setgid 107 geteuid 108 getegid "
            + "110 getppid 112 setsid 113 setreuid 114 setregid 117 setresuid 119 setresgid 126 capset "
            + "133 mknod 137 statfs 155 pivot_root 157 prctl 160 setrlimit 161 chroot 165 mount 166 umount2 "
            + "169 reboot 170 sethostname 175 init_module 176 delete_module 188 setxattr 200 tkill "
            + "217 getdents64 228 clock_gettime 230 clock_nanosleep 231 exit_group 232 epoll_wait 233 epoll_ctl "
            + "234 tgkill 257 openat 258 mkdirat 259 mknodat 260 fchownat 262 newfstatat 263 unlinkat "
            + "264 renameat 265 linkat 266 symlinkat 267 readlinkat 268 fchmodat 269 faccessat 272 unshare "
            + "280 utimensat 281 epoll_pwait 288 accept4 292 dup3 293 pipe2 298 perf_event_open 302 prlimit64 "
            + "304 open_by_handle_at 308 setns 310 process_vm_readv 311 process_vm_writev 313 finit_module "
            + "316 renameat2 317 seccomp 318 getrandom 319 memfd_create 321 bpf 322 execveat 332 statx "
            + "425 io_uring_setup 434 pidfd_open 435 clone3 437 openat2 439 faccessat2");
    private static final Map<Integer, String> ARM64 = table(
            "17 getcwd 23 dup 24 dup3 25 fcntl 29 ioctl 33 mknodat 34 mkdirat 35 unlinkat 36 symlinkat 37 linkat "
            + "38 renameat 39 umount2 40 mount 41 pivot_root 43 statfs 45 truncate 46 ftruncate 48 faccessat "
            + "49 chdir 50 fchdir 51 chroot 52 fchmod 53 fchmodat 54 fchownat 55 fchown 56 openat 57 close "
            + "59 pipe2 61 getdents64 62 lseek 63 read 64 write 66 writev 78 readlinkat 79 newfstatat 80 fstat "
            + "88 utimensat 90 capget 91 capset 93 exit 94 exit_group 97 unshare 101 nanosleep 105 init_module "
            + "106 delete_module 113 clock_gettime 117 ptrace 129 kill 130 tkill 131 tgkill 134 rt_sigaction "
            + "135 rt_sigprocmask 142 reboot 143 setregid 144 setgid 145 setreuid 146 setuid 147 setresuid "
            + "149 setresgid 157 setsid 160 uname 161 sethostname 166 umask 167 prctl 172 getpid 173 getppid "
            + "174 getuid 175 geteuid 176 getgid 177 getegid 198 socket 199 socketpair 200 bind 201 listen "
            + "202 accept 203 connect 204 getsockname 205 getpeername 206 sendto 207 recvfrom 208 setsockopt "
            + "209 getsockopt 210 shutdown 211 sendmsg 212 recvmsg 215 munmap 220 clone 221 execve 222 mmap "
            + "226 mprotect 241 perf_event_open 242 accept4 260 wait4 261 prlimit64 265 open_by_handle_at "
            + "268 setns 270 process_vm_readv 271 process_vm_writev 273 finit_module 276 renameat2 277 seccomp "
            + "278 getrandom 279 memfd_create 280 bpf 281 execveat 291 statx 425 io_uring_setup 434 pidfd_open "
            + "435 clone3 437 openat2 439 faccessat2");

    static final Set<String> EXEC = Set.of("execve", "execveat");
    static final Set<String> NETWORK = Set.of("socket", "connect", "accept", "accept4", "bind", "listen",
            "sendto", "sendmsg", "recvfrom", "recvmsg", "getsockname", "getpeername", "shutdown", "socketpair");
    /** Calls whose SOCKADDR is the local end; for the others (connect, sendto, accept ...) it is the peer. */
    static final Set<String> LOCAL_ADDRESS = Set.of("bind", "getsockname", "listen");

    private AuditSyscalls() {
    }

    private static Map<Integer, String> table(String pairs) {
        Map<Integer, String> m = new HashMap<>();
        String[] t = pairs.trim().split("\\s+");
        for (int i = 0; i + 1 < t.length; i += 2) {
            m.put(Integer.parseInt(t[i]), t[i + 1]);
        }
        return Map.copyOf(m);
    }

    /** The syscall's name for the arch (hex as logged), or {@code syscall_<n>}; a non-numeric value is a name. */
    static String name(String arch, String syscall) {
        if (syscall == null || syscall.isEmpty()) {
            return null;
        }
        if (!syscall.matches("\\d{1,6}")) {
            return syscall.toLowerCase(java.util.Locale.ROOT);   // already interpreted (ausearch -i, ENRICHED)
        }
        int n = Integer.parseInt(syscall);
        String a = arch == null ? "" : arch.toLowerCase(java.util.Locale.ROOT);
        Map<Integer, String> table = a.equals(X86_64) ? X86 : a.equals(AARCH64) ? ARM64 : Map.of();
        return table.getOrDefault(n, "syscall_" + n);
    }
}
