// SPDX-License-Identifier: GPL-2.0
/*
 * mdevsim VFIO migration v2 tests: the advertised flags, a STOP_COPY save
 * restored into a second mdev, PRE_COPY, and a resume that must refuse bad
 * streams (corrupt, truncated, wrong magic or version, other type) and
 * leave the target as it was.
 */
#include "mdevsim_util.h"

#define BUF_SIZE	(64 * 1024)
#define SRC_IOVA	0x100000ull
#define DST_IOVA	0x200000ull
#define STREAM_MAX	(128 * 1024)

FIXTURE(mig)
{
	int parent;
	char src_uuid[MST_UUID_LEN + 1];
	char tgt_uuid[MST_UUID_LEN + 1];
	struct zv_dev src;
	struct zv_dev tgt;
	__u8 *buf;
	__u8 *stream;
	size_t stream_len;
};

FIXTURE_VARIANT(mig)
{
	const char *type;
	const char *other;
	const char *copy_limit;
	__u32 copy_limit_val;
};

FIXTURE_VARIANT_ADD(mig, small)
{
	.type = "small",
	.other = "large",
	.copy_limit = "8192",
	.copy_limit_val = 8192,
};

FIXTURE_VARIANT_ADD(mig, large)
{
	.type = "large",
	.other = "small",
	.copy_limit = "0x20000",
	.copy_limit_val = 0x20000,
};

static void mig_cleanup(struct _test_data_mig *self)
{
	zv_close(&self->src);
	zv_close(&self->tgt);
	if (self->src_uuid[0])
		zv_mdev_remove(self->src_uuid);
	if (self->tgt_uuid[0])
		zv_mdev_remove(self->tgt_uuid);
	if (self->buf)
		munmap(self->buf, 2 * BUF_SIZE);
	free(self->stream);
	self->stream = NULL;
	self->buf = NULL;
	self->parent = -1;
	self->src_uuid[0] = '\0';
	self->tgt_uuid[0] = '\0';
}

FIXTURE_SETUP(mig)
{
	const char *step;
	int ret;

	self->parent = -1;
	self->src_uuid[0] = '\0';
	self->tgt_uuid[0] = '\0';
	self->buf = NULL;
	self->stream = NULL;
	zv_init(&self->src);
	zv_init(&self->tgt);

	mst_assert_parent(_metadata);

	step = "allocate buffers";
	ret = -ENOMEM;
	self->stream = calloc(1, STREAM_MAX);
	self->buf = mmap(NULL, 2 * BUF_SIZE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (self->buf == MAP_FAILED) {
		self->buf = NULL;
		goto fail;
	}
	if (!self->stream)
		goto fail;

	self->parent = mst_parent_id;

	step = "create source and target";
	ret = mst_mdev_create(self->parent, variant->type, self->src_uuid);
	if (ret) {
		self->src_uuid[0] = '\0';
		goto fail;
	}
	ret = mst_mdev_create(self->parent, variant->type, self->tgt_uuid);
	if (ret) {
		self->tgt_uuid[0] = '\0';
		goto fail;
	}

	step = "configure source";
	ret = mst_attr_write(self->src_uuid, "copy_limit", variant->copy_limit);
	if (ret)
		goto fail;
	ret = mst_attr_write(self->src_uuid, "irq_mode", "msi");
	if (ret)
		goto fail;

	step = "open";
	ret = zv_open(&self->src, mst_any_path(), self->src_uuid);
	if (ret)
		goto fail;
	ret = zv_open(&self->tgt, mst_any_path(), self->tgt_uuid);
	if (ret)
		goto fail;
	step = "map";
	ret = zv_dma_map(&self->src, SRC_IOVA, self->buf, BUF_SIZE);
	if (ret)
		goto fail;
	ret = zv_dma_map(&self->src, DST_IOVA, self->buf + BUF_SIZE, BUF_SIZE);
	if (ret)
		goto fail;
	return;
fail:
	mig_cleanup(self);
	ASSERT_EQ(0, ret) TH_LOG("setup step '%s' failed: %s", step, strerror(-ret));
}

FIXTURE_TEARDOWN(mig)
{
	mig_cleanup(self);
}

/* CRC-32 as crc32_le(~0, p, n) ^ ~0, i.e. the zlib/IEEE checksum. */
static __u32 crc32_ieee(const __u8 *p, size_t n)
{
	__u32 crc = ~0u;
	int k;

	while (n--) {
		crc ^= *p++;
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
	}
	return ~crc;
}

/* Read a data fd until end of stream; returns bytes read or -errno. */
static ssize_t read_all(int fd, __u8 *out, size_t max)
{
	size_t got = 0;
	ssize_t n;

	for (;;) {
		if (got == max)
			return -EFBIG;
		n = read(fd, out + got, max - got);
		if (n < 0)
			return -errno;
		if (n == 0)
			return got;
		got += n;
	}
}

static ssize_t write_all(int fd, const __u8 *in, size_t len)
{
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = write(fd, in + done, len - done);
		if (n < 0)
			return -errno;
		if (n == 0)
			return -EIO;
		done += n;
	}
	return done;
}

static void mig_goto(struct __test_metadata *_metadata, int dev, __u32 state)
{
	__u32 now = 0;

	ASSERT_EQ(0, _mst_mig_set(dev, state, NULL)) TH_LOG("to state %u", state);
	ASSERT_EQ(0, _mst_mig_get(dev, &now));
	ASSERT_EQ(state, now);
}

/* Put some state into the source: a completed copy plus programmed registers. */
static void dirty_source(struct __test_metadata *_metadata,
			 struct _test_data_mig *self)
{
	int dev = self->src.fd;
	__u8 b[2];

	memset(self->buf, 0x3c, 1000);
	mst_wr32(dev, MST_REG_SRC, (__u32)SRC_IOVA);
	mst_wr32(dev, MST_REG_SRC + 4, 0);
	mst_wr32(dev, MST_REG_DST, (__u32)DST_IOVA);
	mst_wr32(dev, MST_REG_DST + 4, 0);
	mst_wr32(dev, MST_REG_LEN, 1000);
	mst_wr32(dev, MST_REG_DOORBELL, 1);
	ASSERT_EQ(MST_ERR_NONE, mst_rd32(dev, MST_REG_ERROR));
	ASSERT_EQ(0, memcmp(self->buf, self->buf + BUF_SIZE, 1000));
	/* Leave distinctive values behind. */
	mst_wr32(dev, MST_REG_SRC, 0xcafe0000);
	mst_wr32(dev, MST_REG_SRC + 4, 0x12);
	mst_wr32(dev, MST_REG_DST, 0xbeef0000);
	mst_wr32(dev, MST_REG_LEN, 321);
	mst_wr32(dev, MST_REG_CTRL, MST_CTRL_PIN);
	b[0] = 0x42;
	ASSERT_EQ(0, _mst_cfg_write(dev, 0x3c, b, 1));
	b[0] = 0x06;
	b[1] = 0x00;
	ASSERT_EQ(0, _mst_cfg_write(dev, 0x04, b, 2));
}

static void save_stop_copy(struct __test_metadata *_metadata,
			   struct _test_data_mig *self, int dev)
{
	ssize_t n;
	int fd = -1;

	mig_goto(_metadata, dev, VFIO_DEVICE_STATE_STOP);
	ASSERT_EQ(0, _mst_mig_set(dev, VFIO_DEVICE_STATE_STOP_COPY, &fd));
	ASSERT_LE(0, fd);
	n = read_all(fd, self->stream, STREAM_MAX);
	close(fd);
	ASSERT_LT(0, n) TH_LOG("reading the stream: %s", strerror(-n));
	self->stream_len = n;
	mig_goto(_metadata, dev, VFIO_DEVICE_STATE_STOP);
}

/* Feed @len bytes into the target; returns the RESUMING->STOP result. */
static int try_resume(struct __test_metadata *_metadata, int dev,
		      const __u8 *data, size_t len)
{
	ssize_t n;
	int fd = -1, ret;

	ret = _mst_mig_set(dev, VFIO_DEVICE_STATE_STOP, NULL);
	if (ret)
		return ret;
	ret = _mst_mig_set(dev, VFIO_DEVICE_STATE_RESUMING, &fd);
	if (ret)
		return ret;
	n = write_all(fd, data, len);
	close(fd);
	EXPECT_EQ((ssize_t)len, n)
		TH_LOG("writes are accepted; validation happens on RESUMING->STOP");
	return _mst_mig_set(dev, VFIO_DEVICE_STATE_STOP, NULL);
}

/*
 * The stream as the interface document defines it: magic, major, minor,
 * payload length, a reserved word, the payload, then the payload's CRC.
 */
static void check_header(struct __test_metadata *_metadata, const __u8 *s,
			 size_t len)
{
	ASSERT_EQ(MST_STREAM_SIZE, len);
	EXPECT_EQ(MST_STREAM_MAGIC, zv_le32(s));
	EXPECT_EQ(MST_STREAM_MAJOR, zv_le16(s + 4));
	EXPECT_EQ(MST_STREAM_MINOR, zv_le16(s + 6));
	EXPECT_EQ(MST_STREAM_PAYLOAD, zv_le32(s + 8));
	EXPECT_EQ(0, zv_le32(s + 12));
	EXPECT_EQ(crc32_ieee(s + MST_STREAM_HDR_LEN, MST_STREAM_PAYLOAD),
		  zv_le32(s + MST_STREAM_HDR_LEN + MST_STREAM_PAYLOAD));
}

/* Rewrite the CRC after a deliberate change to the payload. */
static void fix_crc(__u8 *s)
{
	zv_put_le32(s + MST_STREAM_HDR_LEN + MST_STREAM_PAYLOAD,
		    crc32_ieee(s + MST_STREAM_HDR_LEN, MST_STREAM_PAYLOAD));
}

/* Covers: MTTY-MIG-01 */
TEST_F(mig, flags_and_initial_state)
{
	__u64 flags = 0, size = 0;
	__u32 state = 0;

	ASSERT_EQ(0, _mst_mig_flags(self->src.fd, &flags));
	EXPECT_EQ(VFIO_MIGRATION_STOP_COPY | VFIO_MIGRATION_P2P |
		  VFIO_MIGRATION_PRE_COPY, flags);
	ASSERT_EQ(0, _mst_mig_get(self->src.fd, &state));
	EXPECT_EQ(VFIO_DEVICE_STATE_RUNNING, state);
	ASSERT_EQ(0, _mst_mig_data_size(self->src.fd, &size));
	EXPECT_EQ(MST_STREAM_SIZE, size);

	/* Every state of the FSM is reachable and reported back. */
	mig_goto(_metadata, self->src.fd, VFIO_DEVICE_STATE_RUNNING_P2P);
	mig_goto(_metadata, self->src.fd, VFIO_DEVICE_STATE_STOP);
	mig_goto(_metadata, self->src.fd, VFIO_DEVICE_STATE_RUNNING);
	mig_goto(_metadata, self->src.fd, VFIO_DEVICE_STATE_PRE_COPY);
	mig_goto(_metadata, self->src.fd, VFIO_DEVICE_STATE_PRE_COPY_P2P);
	mig_goto(_metadata, self->src.fd, VFIO_DEVICE_STATE_RUNNING);
	/* Invalid states are refused. */
	EXPECT_EQ(-EINVAL, _mst_mig_set(self->src.fd, VFIO_DEVICE_STATE_ERROR, NULL));
	EXPECT_EQ(-EINVAL, _mst_mig_set(self->src.fd, 99, NULL));
	ASSERT_EQ(0, _mst_mig_get(self->src.fd, &state));
	EXPECT_EQ(VFIO_DEVICE_STATE_RUNNING, state);
}

/* Covers: MTTY-MIG-02 MTTY-MIG-03 */
TEST_F(mig, stop_copy_resume)
{
	int src = self->src.fd, tgt = self->tgt.fd;
	__u32 regs[] = { MST_REG_CTRL, MST_REG_STATUS, MST_REG_SRC,
			 MST_REG_SRC + 4, MST_REG_DST, MST_REG_DST + 4,
			 MST_REG_LEN, MST_REG_IRQ_STATUS, MST_REG_ERROR,
			 MST_REG_COPIES, MST_REG_BYTES, MST_REG_CAPACITY };
	__u32 want[ARRAY_SIZE(regs)];
	__u8 cfg_src[MST_CFG_SIZE], cfg_tgt[MST_CFG_SIZE];
	size_t first_len;
	char buf[64];
	unsigned int i;
	__u8 *first;

	dirty_source(_metadata, self);
	EXPECT_EQ(1, mst_rd32(src, MST_REG_COPIES));
	EXPECT_EQ(variant->copy_limit_val, mst_rd32(src, MST_REG_CAPACITY));
	for (i = 0; i < ARRAY_SIZE(regs); i++)
		want[i] = mst_rd32(src, regs[i]);
	ASSERT_EQ(0, _mst_cfg_read(src, 0, cfg_src, sizeof(cfg_src)));

	save_stop_copy(_metadata, self, src);
	check_header(_metadata, self->stream, self->stream_len);

	/* The target starts out different. */
	EXPECT_EQ(0, mst_rd32(tgt, MST_REG_COPIES));
	ASSERT_EQ(0, try_resume(_metadata, tgt, self->stream, self->stream_len));
	mig_goto(_metadata, tgt, VFIO_DEVICE_STATE_RUNNING);

	for (i = 0; i < ARRAY_SIZE(regs); i++) {
		EXPECT_EQ(want[i], mst_rd32(tgt, regs[i]))
			TH_LOG("BAR0 register 0x%x", regs[i]);
	}
	ASSERT_EQ(0, _mst_cfg_read(tgt, 0, cfg_tgt, sizeof(cfg_tgt)));
	EXPECT_EQ(0, memcmp(cfg_src, cfg_tgt, sizeof(cfg_src)))
		TH_LOG("config space differs after restore");
	ASSERT_EQ(0, mst_attr_read(self->tgt_uuid, "copy_limit", buf, sizeof(buf)));
	EXPECT_EQ(variant->copy_limit_val, strtoul(buf, NULL, 0));
	ASSERT_EQ(0, mst_attr_read(self->tgt_uuid, "irq_mode", buf, sizeof(buf)));
	EXPECT_STREQ("msi", buf);

	/* The source runs again after STOP -> RUNNING. */
	mig_goto(_metadata, src, VFIO_DEVICE_STATE_RUNNING);
	EXPECT_EQ(MST_ID_VALUE, mst_rd32(src, MST_REG_ID));

	/* A resumed stream can be saved again and is identical. */
	first_len = self->stream_len;
	first = malloc(first_len);
	ASSERT_NE(NULL, first);
	memcpy(first, self->stream, first_len);
	save_stop_copy(_metadata, self, tgt);
	EXPECT_EQ(first_len, self->stream_len);
	EXPECT_EQ(0, memcmp(first, self->stream, first_len));
	free(first);
}

/* Covers: MTTY-MIG-02 MTTY-MIG-04 */
TEST_F(mig, pre_copy)
{
	struct vfio_precopy_info info = { .argsz = sizeof(info) };
	int src = self->src.fd, tgt = self->tgt.fd, fd = -1;
	size_t got;
	ssize_t n;

	dirty_source(_metadata, self);
	ASSERT_EQ(0, _mst_mig_set(src, VFIO_DEVICE_STATE_PRE_COPY, &fd));
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ioctl(fd, VFIO_MIG_GET_PRECOPY_INFO, &info));
	EXPECT_EQ(MST_PRECOPY_BYTES, info.initial_bytes);
	EXPECT_EQ(0, info.dirty_bytes);
	ASSERT_GE(STREAM_MAX, info.initial_bytes);
	/* The data fd is a stream. */
	EXPECT_EQ(-1, pread(fd, self->stream, 4, 0));
	EXPECT_EQ(ESPIPE, errno);

	got = 0;
	while (got < info.initial_bytes) {
		n = read(fd, self->stream + got, info.initial_bytes - got);
		ASSERT_LT(0, n) TH_LOG("pre-copy read: %s", strerror(errno));
		got += n;
	}
	EXPECT_EQ(MST_STREAM_MAGIC, zv_le32(self->stream));
	ASSERT_EQ(0, ioctl(fd, VFIO_MIG_GET_PRECOPY_INFO, &info));
	EXPECT_EQ(0, info.initial_bytes);
	if (info.dirty_bytes == 0) {
		/* Temporary end of stream in PRE_COPY. */
		EXPECT_EQ(-1, read(fd, self->stream + got, 16));
		EXPECT_EQ(ENOMSG, errno);
	}

	/* Same data fd continues into STOP_COPY up to a permanent EOF. */
	ASSERT_EQ(0, _mst_mig_set(src, VFIO_DEVICE_STATE_STOP_COPY, NULL));
	n = read_all(fd, self->stream + got, STREAM_MAX - got);
	ASSERT_LE(0, n);
	got += n;
	EXPECT_EQ(-1, ioctl(fd, VFIO_MIG_GET_PRECOPY_INFO, &info));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, read(fd, self->stream + got, 16));
	close(fd);
	mig_goto(_metadata, src, VFIO_DEVICE_STATE_STOP);

	/* Everything the fd produced restores the target. */
	ASSERT_EQ(0, try_resume(_metadata, tgt, self->stream, got));
	mig_goto(_metadata, tgt, VFIO_DEVICE_STATE_RUNNING);
	EXPECT_EQ(1, mst_rd32(tgt, MST_REG_COPIES));
	EXPECT_EQ(1000, mst_rd32(tgt, MST_REG_BYTES));
	EXPECT_EQ(321, mst_rd32(tgt, MST_REG_LEN));
	EXPECT_EQ(0xcafe0000, mst_rd32(tgt, MST_REG_SRC));
	EXPECT_EQ(variant->copy_limit_val, mst_rd32(tgt, MST_REG_CAPACITY));

	/* The precopy ioctl is refused outside PRE_COPY. */
	ASSERT_EQ(0, _mst_mig_set(src, VFIO_DEVICE_STATE_STOP_COPY, &fd));
	EXPECT_EQ(-1, ioctl(fd, VFIO_MIG_GET_PRECOPY_INFO, &info));
	EXPECT_EQ(EINVAL, errno);
	/* Ending the session leaves the fd open but dead. */
	mig_goto(_metadata, src, VFIO_DEVICE_STATE_STOP);
	EXPECT_EQ(-1, read(fd, self->stream, 16));
	EXPECT_EQ(ENODEV, errno);
	close(fd);
}

/* No DMA in STOP: a DOORBELL there is ignored; RUNNING_P2P still copies. */
/* Covers: MTTY-MIG-02 */
TEST_F(mig, doorbell_in_stop)
{
	int dev = self->src.fd;

	memset(self->buf, 0x11, 512);
	memset(self->buf + BUF_SIZE, 0, 512);
	mst_wr32(dev, MST_REG_SRC, (__u32)SRC_IOVA);
	mst_wr32(dev, MST_REG_DST, (__u32)DST_IOVA);
	mst_wr32(dev, MST_REG_LEN, 512);

	mig_goto(_metadata, dev, VFIO_DEVICE_STATE_STOP);
	mst_wr32(dev, MST_REG_DOORBELL, 1);
	EXPECT_EQ(0, mst_rd32(dev, MST_REG_COPIES));
	EXPECT_EQ(0, mst_rd32(dev, MST_REG_STATUS));
	EXPECT_EQ(0, self->buf[BUF_SIZE]);

	mig_goto(_metadata, dev, VFIO_DEVICE_STATE_RUNNING_P2P);
	mst_wr32(dev, MST_REG_DOORBELL, 1);
	EXPECT_EQ(1, mst_rd32(dev, MST_REG_COPIES));
	EXPECT_EQ(0x11, self->buf[BUF_SIZE]);
	mig_goto(_metadata, dev, VFIO_DEVICE_STATE_RUNNING);
}

/* Program the target so that an unwanted restore would show. */
static void mark_target(struct __test_metadata *_metadata, int dev)
{
	__u8 b = 0x11;

	ASSERT_EQ(0, ioctl(dev, VFIO_DEVICE_RESET));
	mst_wr32(dev, MST_REG_SRC, 0x7777);
	mst_wr32(dev, MST_REG_LEN, 33);
	ASSERT_EQ(0, _mst_cfg_write(dev, 0x3c, &b, 1));
}

static void check_target_unchanged(struct __test_metadata *_metadata,
				   struct _test_data_mig *self,
				   const struct _fixture_variant_mig *variant)
{
	int dev = self->tgt.fd;
	char buf[64];
	__u8 b = 0;

	EXPECT_EQ(0x7777, mst_rd32(dev, MST_REG_SRC));
	EXPECT_EQ(33, mst_rd32(dev, MST_REG_LEN));
	EXPECT_EQ(0, mst_rd32(dev, MST_REG_COPIES));
	EXPECT_EQ(0, _mst_cfg_read(dev, 0x3c, &b, 1));
	EXPECT_EQ(0x11, b);
	ASSERT_EQ(0, mst_attr_read(self->tgt_uuid, "copy_limit", buf, sizeof(buf)));
	EXPECT_EQ(strcmp(variant->type, "small") ? MST_LARGE_LIMIT : MST_SMALL_LIMIT,
		  strtoul(buf, NULL, 0));
	ASSERT_EQ(0, mst_attr_read(self->tgt_uuid, "irq_mode", buf, sizeof(buf)));
	EXPECT_STREQ("auto", buf);
}

enum corruption {
	FLIP_PAYLOAD,
	FLIP_CRC,
	TRUNCATE_ONE,
	TRUNCATE_HALF,
	HEADER_ONLY,
	SHORT_HEADER,
	EMPTY,
	BAD_MAGIC,
	BAD_MAJOR,
	LONGER_LENGTH,
	SHORTER_LENGTH,
	TRAILING_BYTE,
	RESERVED_HEADER,
	RESERVED_PAYLOAD,
	BAD_COST,
	BAD_COPY_LIMIT,
	BIG_COPY_LIMIT,
	BAD_IRQ_MODE,
	NR_CORRUPTIONS,
};

static const char *const corruption_name[NR_CORRUPTIONS] = {
	"flipped payload byte", "flipped CRC byte", "one byte short",
	"half the stream", "header only", "8 bytes", "empty",
	"wrong magic", "major version 2", "length field +1", "length field -1",
	"one byte extra", "reserved header word set", "reserved payload word set",
	"cost 2 (no such type)", "copy_limit 1000", "copy_limit 2 MiB",
	"irq_mode 4",
};

/* Covers: MTTY-MIG-03 MTTY-MIG-04 */
TEST_F(mig, resume_rejects_bad_streams)
{
	int tgt = self->tgt.fd;
	__u8 *bad;
	size_t len;
	unsigned int c;
	__u32 state;

	dirty_source(_metadata, self);
	save_stop_copy(_metadata, self, self->src.fd);
	check_header(_metadata, self->stream, self->stream_len);
	bad = malloc(self->stream_len + 1);
	ASSERT_NE(NULL, bad);

	for (c = 0; c < NR_CORRUPTIONS; c++) {
		memcpy(bad, self->stream, self->stream_len);
		len = self->stream_len;
		switch (c) {
		case FLIP_PAYLOAD:
			bad[len - 1] ^= 0x01;
			break;
		case FLIP_CRC:
			bad[len - 2] ^= 0x80;
			break;
		case TRUNCATE_ONE:
			len--;
			break;
		case TRUNCATE_HALF:
			len /= 2;
			break;
		case HEADER_ONLY:
			len = MST_STREAM_HDR_LEN;
			break;
		case SHORT_HEADER:
			len = 8;
			break;
		case EMPTY:
			len = 0;
			break;
		case BAD_MAGIC:
			bad[0] ^= 0xff;
			break;
		case BAD_MAJOR:
			bad[4] = MST_STREAM_MAJOR + 1;
			bad[5] = 0;
			break;
		case LONGER_LENGTH:
			zv_put_le32(bad + 8, zv_le32(bad + 8) + 1);
			break;
		case SHORTER_LENGTH:
			zv_put_le32(bad + 8, zv_le32(bad + 8) - 1);
			break;
		case TRAILING_BYTE:
			bad[len++] = 0;
			break;
		case RESERVED_HEADER:
			bad[12] = 1;
			break;
		/* The rest carry a valid CRC over a payload the type cannot have. */
		case RESERVED_PAYLOAD:
			zv_put_le32(bad + MST_STREAM_HDR_LEN + MST_P_RSVD, 1);
			fix_crc(bad);
			break;
		case BAD_COST:
			zv_put_le32(bad + MST_STREAM_HDR_LEN + MST_P_COST, 2);
			fix_crc(bad);
			break;
		case BAD_COPY_LIMIT:
			zv_put_le32(bad + MST_STREAM_HDR_LEN + MST_P_COPY_LIMIT, 1000);
			fix_crc(bad);
			break;
		case BIG_COPY_LIMIT:
			zv_put_le32(bad + MST_STREAM_HDR_LEN + MST_P_COPY_LIMIT,
				    2 * MST_LARGE_LIMIT);
			fix_crc(bad);
			break;
		case BAD_IRQ_MODE:
			zv_put_le32(bad + MST_STREAM_HDR_LEN + MST_P_IRQ_MODE, 4);
			fix_crc(bad);
			break;
		}
		mark_target(_metadata, tgt);
		EXPECT_EQ(-EINVAL, try_resume(_metadata, tgt, bad, len))
			TH_LOG("stream with %s was accepted", corruption_name[c]);
		check_target_unchanged(_metadata, self, variant);
		/* A refused stream leaves the device in RESUMING; reset recovers. */
		ASSERT_EQ(0, _mst_mig_get(tgt, &state));
		EXPECT_EQ(VFIO_DEVICE_STATE_RESUMING, state);
		ASSERT_EQ(0, ioctl(tgt, VFIO_DEVICE_RESET));
		ASSERT_EQ(0, _mst_mig_get(tgt, &state));
		EXPECT_EQ(VFIO_DEVICE_STATE_RUNNING, state);
	}

	/* Any minor version is accepted with major 1. */
	memcpy(bad, self->stream, self->stream_len);
	bad[6] = 7;
	ASSERT_EQ(0, try_resume(_metadata, tgt, bad, self->stream_len));
	ASSERT_EQ(0, ioctl(tgt, VFIO_DEVICE_RESET));

	/* The intact stream still restores after all the refusals. */
	ASSERT_EQ(0, try_resume(_metadata, tgt, self->stream, self->stream_len));
	EXPECT_EQ(321, mst_rd32(tgt, MST_REG_LEN));
	free(bad);
}

/* Covers: MTTY-MIG-04 */
TEST_F(mig, resume_rejects_other_type)
{
	char other_uuid[MST_UUID_LEN + 1];
	struct zv_dev other;
	int ret;

	ret = mst_mdev_create(self->parent, variant->other, other_uuid);
	ASSERT_EQ(0, ret);
	ret = zv_open(&other, mst_any_path(), other_uuid);
	if (ret)
		zv_mdev_remove(other_uuid);
	ASSERT_EQ(0, ret);

	/* A valid stream of the other type, offered to our target. */
	save_stop_copy(_metadata, self, other.fd);
	check_header(_metadata, self->stream, self->stream_len);
	mark_target(_metadata, self->tgt.fd);
	EXPECT_EQ(-EINVAL, try_resume(_metadata, self->tgt.fd, self->stream,
				      self->stream_len));
	check_target_unchanged(_metadata, self, variant);

	zv_close(&other);
	EXPECT_EQ(0, zv_mdev_remove(other_uuid));
}

/* Covers: MTTY-MIG-04 */
TEST_F(mig, resume_size_limit)
{
	int tgt = self->tgt.fd, fd = -1;
	__u8 *big = calloc(1, MST_RESUME_MAX + 1);
	ssize_t n;

	ASSERT_NE(NULL, big);
	mig_goto(_metadata, tgt, VFIO_DEVICE_STATE_STOP);
	ASSERT_EQ(0, _mst_mig_set(tgt, VFIO_DEVICE_STATE_RESUMING, &fd));
	n = write_all(fd, big, MST_RESUME_MAX);
	EXPECT_EQ(MST_RESUME_MAX, n);
	EXPECT_EQ(-1, write(fd, big, 1));
	EXPECT_EQ(EFBIG, errno);
	close(fd);
	EXPECT_EQ(-EINVAL, _mst_mig_set(tgt, VFIO_DEVICE_STATE_STOP, NULL));
	ASSERT_EQ(0, ioctl(tgt, VFIO_DEVICE_RESET));
	free(big);
}

TEST_HARNESS_MAIN
