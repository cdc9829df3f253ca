/* fp.c - nodemu benchmark suite: double-precision floating point.
 *
 * Each round:
 *   - n-body: six bodies under mutual gravity, leapfrog steps (sqrt, divide);
 *   - a 48x48 matrix product followed by a few Jacobi-style relaxation sweeps;
 *   - a 1024-point radix-2 complex FFT, forward then inverse, and the
 *     reconstruction error.
 * Only + - * / and sqrt are used (no libm transcendental functions: the FFT
 * twiddles come from half-angle formulas), and the program is built with
 * -ffp-contract=off, so every architecture computes bit-identical results.
 * The checksum is still printed with 10 significant digits.
 *
 * Usage: fp [rounds]   (default 60). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- n-body ---- */
#define NB 6
struct body { double x, y, z, vx, vy, vz, m; };
static struct body bodies[NB];

static void nbody_init(int round)
{
    for (int i = 0; i < NB; i++) {
        double r = 1.0 + i * 0.75 + (round % 5) * 0.01;
        /* place bodies on a skewed ring with tangential velocities */
        double c = (i % 3 == 0) ? 1.0 : (i % 3 == 1 ? -0.5 : -0.5);
        double s = (i % 3 == 0) ? 0.0 : (i % 3 == 1 ? 0.8660254037844386 : -0.8660254037844386);
        bodies[i].x = r * c;
        bodies[i].y = r * s;
        bodies[i].z = 0.05 * (i - 2.5);
        double v = sqrt(1.2 / r);
        bodies[i].vx = -v * s;
        bodies[i].vy = v * c;
        bodies[i].vz = 0.001 * i;
        bodies[i].m = i == 0 ? 1.0 : 1e-3 * (i + 1);
    }
    bodies[0].x = bodies[0].y = bodies[0].z = 0.0;
    bodies[0].vx = bodies[0].vy = bodies[0].vz = 0.0;
}

static void nbody_step(double dt)
{
    for (int i = 0; i < NB; i++) {
        struct body *a = &bodies[i];
        for (int j = i + 1; j < NB; j++) {
            struct body *b = &bodies[j];
            double dx = a->x - b->x, dy = a->y - b->y, dz = a->z - b->z;
            double d2 = dx * dx + dy * dy + dz * dz + 1e-9;
            double d = sqrt(d2);
            double mag = dt / (d2 * d);
            a->vx -= dx * b->m * mag;
            a->vy -= dy * b->m * mag;
            a->vz -= dz * b->m * mag;
            b->vx += dx * a->m * mag;
            b->vy += dy * a->m * mag;
            b->vz += dz * a->m * mag;
        }
    }
    for (int i = 0; i < NB; i++) {
        bodies[i].x += dt * bodies[i].vx;
        bodies[i].y += dt * bodies[i].vy;
        bodies[i].z += dt * bodies[i].vz;
    }
}

static double nbody_energy(void)
{
    double e = 0.0;
    for (int i = 0; i < NB; i++) {
        struct body *a = &bodies[i];
        e += 0.5 * a->m * (a->vx * a->vx + a->vy * a->vy + a->vz * a->vz);
        for (int j = i + 1; j < NB; j++) {
            double dx = a->x - bodies[j].x, dy = a->y - bodies[j].y, dz = a->z - bodies[j].z;
            e -= a->m * bodies[j].m / sqrt(dx * dx + dy * dy + dz * dz + 1e-9);
        }
    }
    return e;
}

/* ---- matrices ---- */
#define MD 48
static double A[MD][MD], B[MD][MD], C[MD][MD];

static double matrix_work(int round)
{
    for (int i = 0; i < MD; i++)
        for (int j = 0; j < MD; j++) {
            A[i][j] = (double)((i * 7 + j * 3 + round) % 23) / 11.0 - 1.0;
            B[i][j] = (i == j ? 4.0 : 0.0) + (double)((i + 2 * j + round) % 13) / 26.0;
        }
    for (int i = 0; i < MD; i++)
        for (int j = 0; j < MD; j++) {
            double s = 0.0;
            for (int k = 0; k < MD; k++) s += A[i][k] * B[k][j];
            C[i][j] = s;
        }
    /* relaxation: x <- (c - (B - diag) x) / diag on a vector taken from C */
    double x[MD], y[MD];
    for (int i = 0; i < MD; i++) x[i] = 0.0;
    for (int sweep = 0; sweep < 8; sweep++) {
        for (int i = 0; i < MD; i++) {
            double s = C[i][i % MD];
            for (int j = 0; j < MD; j++)
                if (j != i) s -= B[i][j] * x[j];
            y[i] = s / B[i][i];
        }
        memcpy(x, y, sizeof x);
    }
    double t = 0.0;
    for (int i = 0; i < MD; i++) t += x[i] * (i + 1) + C[i][MD - 1 - i];
    return t;
}

/* ---- FFT ---- */
#define FN 1024
#define FLOG 10
static double re[FN], im[FN], re0[FN];
static double twr[FN / 2], twi[FN / 2];

static void twiddles(void)
{
    /* cos/sin of pi / 2^k by half angles, then powers of the base root */
    double c = 0.0, s = 1.0; /* angle pi/2 */
    for (int k = 2; k < FLOG; k++) {
        double c2 = sqrt((1.0 + c) * 0.5);
        s = s / (2.0 * c2);
        c = c2;
    }
    /* c, s = cos, sin of 2*pi/FN; w = e^{-i 2 pi / FN} */
    double wr = 1.0, wi = 0.0;
    for (int k = 0; k < FN / 2; k++) {
        twr[k] = wr;
        twi[k] = wi;
        double nr = wr * c + wi * s;
        wi = wi * c - wr * s;
        wr = nr;
    }
}

static void fft(int inverse)
{
    for (int i = 1, j = 0; i < FN; i++) {
        int bit = FN >> 1;
        for (; j & bit; bit >>= 1) j ^= bit;
        j ^= bit;
        if (i < j) {
            double t = re[i]; re[i] = re[j]; re[j] = t;
            t = im[i]; im[i] = im[j]; im[j] = t;
        }
    }
    for (int len = 2; len <= FN; len <<= 1) {
        int step = FN / len;
        for (int i = 0; i < FN; i += len)
            for (int k = 0; k < len / 2; k++) {
                double wr = twr[k * step], wi = inverse ? -twi[k * step] : twi[k * step];
                int a = i + k, b = i + k + len / 2;
                double xr = re[b] * wr - im[b] * wi;
                double xi = re[b] * wi + im[b] * wr;
                re[b] = re[a] - xr; im[b] = im[a] - xi;
                re[a] += xr; im[a] += xi;
            }
    }
    if (inverse)
        for (int i = 0; i < FN; i++) { re[i] /= FN; im[i] /= FN; }
}

static double fft_work(int round)
{
    uint32_t s = 12345u + (uint32_t)round;
    for (int i = 0; i < FN; i++) {
        s = s * 1103515245u + 12345u;
        re0[i] = re[i] = (double)(s >> 8) / 16777216.0 - 0.5 + ((i & 15) == 3 ? 2.0 : 0.0);
        im[i] = 0.0;
    }
    fft(0);
    double spec = 0.0;
    for (int i = 0; i < FN; i += 17) spec += sqrt(re[i] * re[i] + im[i] * im[i]);
    fft(1);
    double err = 0.0;
    for (int i = 0; i < FN; i++) err += fabs(re[i] - re0[i]) + fabs(im[i]);
    return spec + err * 1e6;
}

int main(int argc, char **argv)
{
    long rounds = argc > 1 ? strtol(argv[1], NULL, 10) : 60;
    if (rounds < 1) rounds = 1;
    twiddles();
    double check = 0.0, e = 0.0, m = 0.0, f = 0.0;
    for (long r = 0; r < rounds; r++) {
        nbody_init((int)r);
        for (int step = 0; step < 400; step++) nbody_step(0.002);
        e = nbody_energy();
        m = matrix_work((int)r);
        f = fft_work((int)r);
        check = check * 0.5 + e + m * 1e-3 + f * 1e-2;
    }
    printf("fp rounds=%ld\n", rounds);
    printf("last: energy=%.10e matrix=%.10e fft=%.10e\n", e, m, f);
    printf("checksum=%.10e\n", check);
    return 0;
}
