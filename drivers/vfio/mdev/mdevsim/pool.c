// SPDX-License-Identifier: GPL-2.0
/*
 * mdevsim unit pool: every parent owns CAPACITY units and each mdev takes
 * its type's cost from them. Pure arithmetic, the caller provides locking.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bug.h>
#include <linux/errno.h>

#include "mdevsim.h"

/**
 * mdevsim_pool_init() - set up an empty pool
 * @pool: the pool
 * @capacity: number of units, 1..MDEVSIM_MAX_CAPACITY
 *
 * Return: 0, or -EINVAL when @capacity is out of range.
 */
int mdevsim_pool_init(struct mdevsim_pool *pool, unsigned int capacity)
{
	if (!capacity || capacity > MDEVSIM_MAX_CAPACITY)
		return -EINVAL;
	pool->capacity = capacity;
	pool->used = 0;
	return 0;
}

/**
 * mdevsim_pool_take() - reserve units for one instance
 * @pool: the pool
 * @cost: units the instance needs
 *
 * Either all @cost units are reserved or the pool is left unchanged.
 *
 * Return: 0, -EINVAL for a zero cost, -EUSERS when the units do not fit.
 */
int mdevsim_pool_take(struct mdevsim_pool *pool, unsigned int cost)
{
	if (!cost)
		return -EINVAL;
	if (cost > pool->capacity - pool->used)
		return -EUSERS;
	pool->used += cost;
	return 0;
}

/**
 * mdevsim_pool_give() - return the units of one instance
 * @pool: the pool
 * @cost: units taken earlier with mdevsim_pool_take()
 */
void mdevsim_pool_give(struct mdevsim_pool *pool, unsigned int cost)
{
	if (WARN_ON_ONCE(cost > pool->used))
		cost = pool->used;
	pool->used -= cost;
}

/**
 * mdevsim_pool_avail() - instances of a given cost that still fit
 * @pool: the pool
 * @cost: units per instance
 *
 * Return: free units divided by @cost (0 for a zero cost).
 */
unsigned int mdevsim_pool_avail(const struct mdevsim_pool *pool,
				unsigned int cost)
{
	if (!cost)
		return 0;
	return (pool->capacity - pool->used) / cost;
}
